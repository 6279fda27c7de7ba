// RobustGate's CUDA kernels, compiled at run time by NVRTC (see CudaKernelModule.cs).
// Every reduction runs in a fixed order (a fixed tree over a fixed number of threads, no atomics),
// so results never depend on scheduling: same input, same bits. Formulas follow the CPU kernels in
// src/RobustGate.Engine/Kernels (BatchNorm.cs, PoolingMax.cs, PoolingAverage.cs).

#define THREADS 256

// Sum of one double per thread over the block, in a fixed tree; every thread gets the total.
__device__ double block_sum(double v, double* shared)
{
    __syncthreads();
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int stride = THREADS / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) shared[threadIdx.x] += shared[threadIdx.x + stride];
        __syncthreads();
    }
    double total = shared[0];
    __syncthreads();
    return total;
}

// Mean and biased variance of channel ch (shifted by its first value, as on the CPU).
__device__ void channel_moments(const float* x, int n, int c, int hw, int ch, double* shared, double* mean, double* variance)
{
    const float shift = n > 0 ? x[(long long)ch * hw] : 0.f;
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++) {
        const float* p = x + ((long long)i * c + ch) * hw;
        for (int j = threadIdx.x; j < hw; j += THREADS) {
            double d = (double)(p[j] - shift);
            s += d;
            ss += d * d;
        }
    }
    s = block_sum(s, shared);
    ss = block_sum(ss, shared);
    double count = (double)n * hw;
    double m = s / count;
    double v = ss / count - m * m;
    *mean = shift + m;
    *variance = v > 0 ? v : 0;
}

extern "C" __global__ void bn_statistics(const float* x, int n, int c, int hw, float* mean, float* variance)
{
    __shared__ double shared[THREADS];
    const int ch = blockIdx.x;
    double m, v;
    channel_moments(x, n, c, hw, ch, shared, &m, &v);
    if (threadIdx.x == 0) { mean[ch] = (float)m; variance[ch] = (float)v; }
}

extern "C" __global__ void bn_training_forward(const float* x, const float* weight, const float* bias, float eps,
    int n, int c, int hw, float* mean, float* variance, float* inv_std, float* y)
{
    __shared__ double shared[THREADS];
    const int ch = blockIdx.x;
    double m, v;
    channel_moments(x, n, c, hw, ch, shared, &m, &v);
    const float mean_f = (float)m;
    const float inv = (float)(1.0 / sqrt(v + (double)eps));
    if (threadIdx.x == 0) { mean[ch] = mean_f; variance[ch] = (float)v; inv_std[ch] = inv; }
    const float scale = (weight ? weight[ch] : 1.f) * inv;
    const float shift = (bias ? bias[ch] : 0.f) - mean_f * scale;
    for (int i = 0; i < n; i++) {
        const long long offset = ((long long)i * c + ch) * hw;
        for (int j = threadIdx.x; j < hw; j += THREADS) y[offset + j] = fmaf(x[offset + j], scale, shift);
    }
}

// y = x * scale[c] + shift[c] (shift may be null: 0), over [N, C, HW].
extern "C" __global__ void bn_affine(const float* x, const float* scale, const float* shift, int c, int hw, long long total, float* y)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        const int ch = (int)((i / hw) % c);
        y[i] = fmaf(x[i], scale[ch], shift ? shift[ch] : 0.f);
    }
}

extern "C" __global__ void bn_training_backward(const float* x, const float* dy, const float* mean, const float* inv_std,
    const float* weight, int n, int c, int hw, float* sum_dy, float* sum_dy_centered, float* dx)
{
    __shared__ double shared[THREADS];
    const int ch = blockIdx.x;
    const float m = mean[ch];
    double s = 0, sc = 0;
    for (int i = 0; i < n; i++) {
        const long long offset = ((long long)i * c + ch) * hw;
        for (int j = threadIdx.x; j < hw; j += THREADS) {
            const float g = dy[offset + j];
            s += (double)g;
            sc += (double)(g * (x[offset + j] - m));
        }
    }
    s = block_sum(s, shared);
    sc = block_sum(sc, shared);
    if (threadIdx.x == 0) { sum_dy[ch] = (float)s; sum_dy_centered[ch] = (float)sc; }
    if (!dx) return;
    const double count = (double)n * hw;
    const double inv = inv_std[ch];
    const double k = (weight ? (double)weight[ch] : 1.0) * inv;
    const double projection = sc * inv * inv / count;
    const float coef_dy = (float)k;
    const float coef_x = (float)(-k * projection);
    const float constant = (float)(k * ((m * projection) - (s / count)));
    for (int i = 0; i < n; i++) {
        const long long offset = ((long long)i * c + ch) * hw;
        for (int j = threadIdx.x; j < hw; j += THREADS)
            dx[offset + j] = fmaf(dy[offset + j], coef_dy, fmaf(x[offset + j], coef_x, constant));
    }
}

// Adds bias[c] to every element of channel c of [N, C, HW].
extern "C" __global__ void bias_add(float* y, const float* bias, int c, int hw, long long total)
{
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
        y[i] += bias[(int)((i / hw) % c)];
}

// db[c] = sum of dy over channel c, one block per channel.
extern "C" __global__ void bias_grad(const float* dy, int n, int c, int hw, float* db)
{
    __shared__ double shared[THREADS];
    const int ch = blockIdx.x;
    double s = 0;
    for (int i = 0; i < n; i++) {
        const float* p = dy + ((long long)i * c + ch) * hw;
        for (int j = threadIdx.x; j < hw; j += THREADS) s += (double)p[j];
    }
    s = block_sum(s, shared);
    if (threadIdx.x == 0) db[ch] = (float)s;
}

// Splits a flat NCHW index into its plane and its (y, x) within a height x width plane.
__device__ long long position(long long i, int width, int height, int* x, int* y)
{
    *x = (int)(i % width);
    *y = (int)((i / width) % height);
    return i / ((long long)width * height);
}

struct Pool { int planes, in_h, in_w, out_h, out_w, k_h, k_w, s_h, s_w, p_h, p_w, d_h, d_w; };

// One thread per output: the NaN-propagating maximum, then the first tap equal to it (the last NaN
// when it is NaN), padding never winning — PyTorch's value and index.
extern "C" __global__ void max_pool_forward(const float* x, Pool g, float* y, int* indices)
{
    const long long total = (long long)g.planes * g.out_h * g.out_w;
    for (long long o = (long long)blockIdx.x * blockDim.x + threadIdx.x; o < total; o += (long long)gridDim.x * blockDim.x) {
        int ox, oy;
        const long long plane = position(o, g.out_w, g.out_h, &ox, &oy);
        const float* p = x + plane * g.in_h * g.in_w;
        const int y0 = oy * g.s_h - g.p_h, x0 = ox * g.s_w - g.p_w;
        float best = __int_as_float(0xff800000); // -inf
        for (int r = 0; r < g.k_h; r++) {
            const int iy = y0 + r * g.d_h;
            if (iy < 0 || iy >= g.in_h) continue;
            for (int s = 0; s < g.k_w; s++) {
                const int ix = x0 + s * g.d_w;
                if (ix < 0 || ix >= g.in_w) continue;
                const float v = p[iy * g.in_w + ix];
                best = (isnan(best) || isnan(v)) ? __int_as_float(0x7fffffff) : fmaxf(best, v);
            }
        }
        int best_index = -1;
        const bool is_nan = isnan(best);
        for (int r = 0; r < g.k_h && (best_index < 0 || is_nan); r++) {
            const int iy = y0 + r * g.d_h;
            if (iy < 0 || iy >= g.in_h) continue;
            for (int s = 0; s < g.k_w; s++) {
                const int ix = x0 + s * g.d_w;
                if (ix < 0 || ix >= g.in_w) continue;
                const int index = iy * g.in_w + ix;
                if (is_nan ? isnan(p[index]) : p[index] == best) {
                    best_index = index;
                    if (!is_nan) break;
                }
            }
        }
        y[o] = best;
        indices[o] = best_index;
    }
}

// First and last (inclusive) output positions whose window can hold input position i.
__device__ void covering(int i, int pad, int dilation, int kernel, int stride, int outputs, int* first, int* last)
{
    const int lo = i + pad - dilation * (kernel - 1);
    *first = lo <= 0 ? 0 : (lo + stride - 1) / stride;
    const int hi = (i + pad) / stride;
    *last = hi < outputs - 1 ? hi : outputs - 1;
}

// One thread per input: the gradients of the outputs that chose it, in ascending output order
// (the CPU scatters in that order, so the sums are the same).
extern "C" __global__ void max_pool_backward(const float* dy, const int* indices, Pool g, float* dx)
{
    const long long total = (long long)g.planes * g.in_h * g.in_w;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ix, iy;
        const long long plane = position(i, g.in_w, g.in_h, &ix, &iy);
        const int self = iy * g.in_w + ix;
        const float* go = dy + plane * g.out_h * g.out_w;
        const int* idx = indices + plane * g.out_h * g.out_w;
        int y_first, y_last, x_first, x_last;
        covering(iy, g.p_h, g.d_h, g.k_h, g.s_h, g.out_h, &y_first, &y_last);
        covering(ix, g.p_w, g.d_w, g.k_w, g.s_w, g.out_w, &x_first, &x_last);
        float sum = 0.f;
        for (int oy = y_first; oy <= y_last; oy++)
            for (int ox = x_first; ox <= x_last; ox++) {
                const int o = oy * g.out_w + ox;
                if (idx[o] == self) sum += go[o];
            }
        dx[i] = sum;
    }
}

__device__ double avg_window(Pool g, int oy, int ox, int count_include_pad, int divisor_override, int* y0, int* y1, int* x0, int* x1)
{
    int a = oy * g.s_h - g.p_h, b = ox * g.s_w - g.p_w;
    int c = min(a + g.k_h, g.in_h + g.p_h), d = min(b + g.k_w, g.in_w + g.p_w);
    const int padded = (c - a) * (d - b);
    a = max(a, 0); b = max(b, 0); c = min(c, g.in_h); d = min(d, g.in_w);
    *y0 = a; *y1 = c; *x0 = b; *x1 = d;
    return divisor_override > 0 ? (double)divisor_override : (count_include_pad ? (double)padded : (double)((c - a) * (d - b)));
}

extern "C" __global__ void avg_pool_forward(const float* x, Pool g, int count_include_pad, int divisor_override, float* y)
{
    const long long total = (long long)g.planes * g.out_h * g.out_w;
    for (long long o = (long long)blockIdx.x * blockDim.x + threadIdx.x; o < total; o += (long long)gridDim.x * blockDim.x) {
        int ox, oy;
        const long long plane = position(o, g.out_w, g.out_h, &ox, &oy);
        const float* p = x + plane * g.in_h * g.in_w;
        int y0, y1, x0, x1;
        const double divisor = avg_window(g, oy, ox, count_include_pad, divisor_override, &y0, &y1, &x0, &x1);
        double sum = 0;
        for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++) sum += p[iy * g.in_w + ix];
        y[o] = (float)(sum / divisor);
    }
}

extern "C" __global__ void avg_pool_backward(const float* dy, Pool g, int count_include_pad, int divisor_override, float* dx)
{
    const long long total = (long long)g.planes * g.in_h * g.in_w;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ix, iy;
        const long long plane = position(i, g.in_w, g.in_h, &ix, &iy);
        const float* go = dy + plane * g.out_h * g.out_w;
        int y_first, y_last, x_first, x_last;
        covering(iy, g.p_h, 1, g.k_h, g.s_h, g.out_h, &y_first, &y_last);
        covering(ix, g.p_w, 1, g.k_w, g.s_w, g.out_w, &x_first, &x_last);
        float sum = 0.f;
        for (int oy = y_first; oy <= y_last; oy++)
            for (int ox = x_first; ox <= x_last; ox++) {
                int y0, y1, x0, x1;
                const double divisor = avg_window(g, oy, ox, count_include_pad, divisor_override, &y0, &y1, &x0, &x1);
                if (iy >= y0 && iy < y1 && ix >= x0 && ix < x1) sum += (float)(go[oy * g.out_w + ox] / divisor);
            }
        dx[i] = sum;
    }
}

__device__ int bin_start(int i, int input, int output) { return (int)((long long)i * input / output); }
__device__ int bin_end(int i, int input, int output) { return (int)(((long long)(i + 1) * input + output - 1) / output); }

extern "C" __global__ void adaptive_avg_forward(const float* x, int planes, int in_h, int in_w, int out_h, int out_w, float* y)
{
    const long long total = (long long)planes * out_h * out_w;
    for (long long o = (long long)blockIdx.x * blockDim.x + threadIdx.x; o < total; o += (long long)gridDim.x * blockDim.x) {
        int ox, oy;
        const long long plane = position(o, out_w, out_h, &ox, &oy);
        const float* p = x + plane * in_h * in_w;
        const int y0 = bin_start(oy, in_h, out_h), y1 = bin_end(oy, in_h, out_h);
        const int x0 = bin_start(ox, in_w, out_w), x1 = bin_end(ox, in_w, out_w);
        double sum = 0;
        for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++) sum += p[iy * in_w + ix];
        y[o] = (float)(sum / ((y1 - y0) * (x1 - x0)));
    }
}

extern "C" __global__ void adaptive_avg_backward(const float* dy, int planes, int in_h, int in_w, int out_h, int out_w, float* dx)
{
    const long long total = (long long)planes * in_h * in_w;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int ix, iy;
        const long long plane = position(i, in_w, in_h, &ix, &iy);
        const float* go = dy + plane * out_h * out_w;
        float sum = 0.f;
        for (int oy = 0; oy < out_h; oy++) {
            const int y0 = bin_start(oy, in_h, out_h), y1 = bin_end(oy, in_h, out_h);
            if (iy < y0 || iy >= y1) continue;
            for (int ox = 0; ox < out_w; ox++) {
                const int x0 = bin_start(ox, in_w, out_w), x1 = bin_end(ox, in_w, out_w);
                if (ix < x0 || ix >= x1) continue;
                sum += go[oy * out_w + ox] / (float)((y1 - y0) * (x1 - x0));
            }
        }
        dx[i] = sum;
    }
}
