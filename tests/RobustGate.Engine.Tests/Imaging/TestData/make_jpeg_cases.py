"""Makes JPEG decoder cases with libjpeg-turbo's cjpeg (restart markers, 4:4:0, 4:1:1, mixed
sampling, odd and tiny sizes, Adobe RGB, optimised Huffman, progressive variants) and stores
PIL's decode of each as <name>.png. Needs libjpeg-turbo-progs and Pillow.
Run: python3 make_jpeg_cases.py /work/shared/ref/imaging/png/rocket_source.png"""
import io, subprocess, sys
from PIL import Image

src = Image.open(sys.argv[1]).convert('RGB')

def case(name, box, args, gray=False):
    im = src.crop(box)
    if gray:
        im = im.convert('L')
    ppm = io.BytesIO(); im.save(ppm, format='PPM')
    jpg = subprocess.run(['cjpeg'] + args, input=ppm.getvalue(), capture_output=True, check=True).stdout
    open('jpeg/%s.jpg' % name, 'wb').write(jpg)
    dec = Image.open(io.BytesIO(jpg)); dec.load()
    dec.save('jpeg/%s.png' % name)

case('restart_blocks3_420', (40, 40, 104, 88), ['-quality', '80', '-restart', '3B'])
case('restart_row_444', (40, 40, 104, 88), ['-quality', '70', '-sample', '1x1', '-restart', '1'])
case('sample_440', (10, 20, 75, 69), ['-quality', '85', '-sample', '1x2'])
case('sample_411', (10, 20, 75, 69), ['-quality', '85', '-sample', '4x1'])
case('sample_mixed', (10, 20, 75, 69), ['-quality', '85', '-sample', '2x2,2x1,1x2'])
case('odd_37x23_420_prog', (100, 60, 137, 83), ['-quality', '60', '-progressive'])
case('odd_37x23_422', (100, 60, 137, 83), ['-quality', '60', '-sample', '2x1'])
case('tiny_2x3_420', (150, 100, 152, 103), ['-quality', '90'])
case('tiny_1x1_420', (150, 100, 151, 101), ['-quality', '90'])
case('tiny_4x2_422_prog', (150, 100, 154, 102), ['-quality', '90', '-sample', '2x1', '-progressive'])
case('adobe_rgb', (30, 30, 70, 62), ['-quality', '80', '-rgb'])
case('optimized_420', (30, 30, 94, 94), ['-quality', '75', '-optimize'])
case('progressive_restart_420', (30, 30, 94, 94), ['-quality', '75', '-progressive', '-restart', '2B'])
case('gray_progressive', (30, 30, 94, 94), ['-quality', '75', '-progressive'], gray=True)
case('gray_restart', (0, 0, 50, 41), ['-quality', '50', '-restart', '5B'], gray=True)
case('q1_420', (30, 30, 94, 94), ['-quality', '1', '-baseline'])
case('q100_444', (30, 30, 94, 94), ['-quality', '100', '-sample', '1x1'])
# Arithmetic coding is a frame type the decoder refuses (PIL's libjpeg reads it; ours is Huffman only).
im = src.crop((0, 0, 16, 16)); ppm = io.BytesIO(); im.save(ppm, format='PPM')
open('jpeg/unsupported_arithmetic.jpg', 'wb').write(subprocess.run(['cjpeg', '-arithmetic'], input=ppm.getvalue(), capture_output=True, check=True).stdout)
