namespace RobustGate.Engine.Data;

/// <summary>
/// Finds samples in torchvision's ImageFolder layout: one sub-folder per class, classes sorted
/// ordinally by folder name (label = position), images found recursively inside each class folder,
/// ordered by folder path then file name (torchvision sorts os.walk the same way). Only .jpg,
/// .jpeg and .png (any case) are images, as those are what RobustGate decodes.
/// </summary>
internal static class ImageFolderScan
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    public static (string[] Classes, string[] Paths, int[] Labels) Scan(string root, string kind)
    {
        if (!Directory.Exists(root))
        {
            throw new InvalidInputException($"{kind} folder not found.", root);
        }

        string[] classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw new InvalidInputException($"{kind} folder has no class sub-folders (expected ROOT/<class>/<image>.jpg|.jpeg|.png).", root);
        }

        var paths = new List<string>();
        var labels = new List<int>();
        for (int label = 0; label < classes.Length; label++)
        {
            string classFolder = Path.Combine(root, classes[label]);
            var files = Directory.EnumerateFiles(classFolder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 })
                .Where(IsImage)
                .Select(path => (Folder: Path.GetDirectoryName(path) ?? string.Empty, Name: Path.GetFileName(path)))
                .OrderBy(f => f.Folder, StringComparer.Ordinal)
                .ThenBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => Path.Combine(f.Folder, f.Name))
                .ToArray();
            if (files.Length == 0)
            {
                throw new InvalidInputException($"class folder '{classes[label]}' holds no .jpg, .jpeg or .png files.", classFolder);
            }

            paths.AddRange(files);
            labels.AddRange(Enumerable.Repeat(label, files.Length));
        }

        return (classes, paths.ToArray(), labels.ToArray());
    }

    public static bool IsImage(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
