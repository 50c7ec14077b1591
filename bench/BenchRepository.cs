namespace Microcredit.Bench;

/// <summary>Where the bench finds the repository's files (data-samples, models) when run from its build output.</summary>
internal static class BenchRepository
{
    /// <summary>The nearest directory above the bench's own that holds Microcredit.slnx.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microcredit.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No Microcredit.slnx above the bench's directory.");
    }
}
