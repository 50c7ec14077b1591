namespace Microcredit.Bench;

/// <summary>The files the benches share: where the repository is (data-samples, models) and the SQLite databases they start afresh.</summary>
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

    /// <summary>Deletes a SQLite database file with its WAL and shared-memory files, so a run starts empty.</summary>
    public static void DeleteSqlite(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
