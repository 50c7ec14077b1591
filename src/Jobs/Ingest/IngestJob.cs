using System.Globalization;
using System.Text;
using Microcredit.Jobs.Scheduling;
using Microcredit.Scoring.Import;

namespace Microcredit.Jobs.Ingest;

/// <summary>
/// The <c>ingest</c> job: imports what was dropped into the inbox (docs/jobs.md, "ingest"). Each
/// set — a folder, or the loose files at the top level — is one import through the
/// <see cref="Importer"/>, all or nothing; then it moves to processed/STAMP[_NAME]/ or, with a
/// FILE.errors.txt beside each of its files, to failed/STAMP[_NAME]/. A set that fails is a
/// result, not a job failure: the run succeeds and says how many sets failed.
/// </summary>
public static class IngestJob
{
    /// <summary>Where the loose files are claimed while they import; a crash leaves them here for the next run.</summary>
    internal const string WorkFolder = ".work";

    public const string ProcessedFolder = "processed";

    public const string FailedFolder = "failed";

    public static async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inbox = Path.GetFullPath(IngestOptions.From(context.Configuration).Inbox);
        Directory.CreateDirectory(inbox);
        var importer = new Importer(context.Database, context.Time);
        long rows = 0;
        int imported = 0, failed = 0;
        foreach (var set in Collect(inbox, context.Time))
        {
            var errors = UnknownFiles(set);
            ImportResult? result = null;
            if (errors.Count == 0)
            {
                result = await importer.ImportAsync(set.Directory, cancellationToken: cancellationToken);
                errors = [.. result.Errors];
            }

            var ok = errors.Count == 0;
            var total = result?.TotalErrors ?? errors.Count;
            var target = Move(set, Path.Combine(inbox, ok ? ProcessedFolder : FailedFolder), context.Time);
            if (ok)
            {
                imported++;
                rows += result!.Files.Sum(f => f.Inserted + f.Updated);
            }
            else
            {
                failed++;
                WriteReports(target, set, errors, total, context.Time);
            }
        }

        return new JobOutcome(rows, imported + failed == 0
            ? "inbox empty"
            : $"{imported} set(s) imported ({rows} rows written), {failed} failed");
    }

    /// <summary>
    /// The sets waiting: loose files left claimed by a crashed run, then the folders in name order,
    /// then the loose files at the top level (claimed by moving them into a work folder, so files
    /// dropped while the import runs wait for the next run). Names starting with '.' are ignored,
    /// so a sender can write NAME.csv.part or .NAME and rename it when it is complete.
    /// </summary>
    private static List<InboxSet> Collect(string inbox, TimeProvider time)
    {
        var sets = new List<InboxSet>();
        var work = Path.Combine(inbox, WorkFolder);
        if (Directory.Exists(work))
        {
            foreach (var claimed in Directory.GetDirectories(work).Order(StringComparer.Ordinal))
            {
                sets.Add(new InboxSet("", claimed, InputFiles(claimed)));
            }
        }

        foreach (var folder in Directory.GetDirectories(inbox).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.') || name is ProcessedFolder or FailedFolder)
            {
                continue;
            }

            sets.Add(new InboxSet(name, folder, InputFiles(folder)));
        }

        var loose = InputFiles(inbox);
        if (loose.Count > 0)
        {
            var claim = Unique(Path.Combine(work, Stamp(time)));
            Directory.CreateDirectory(claim);
            foreach (var file in loose)
            {
                File.Move(file, Path.Combine(claim, Path.GetFileName(file)));
            }

            sets.Add(new InboxSet("", claim, InputFiles(claim)));
        }

        return sets;
    }

    private static List<string> InputFiles(string directory) =>
        [.. Directory.GetFiles(directory)
            .Where(f => !Path.GetFileName(f).StartsWith('.')
                && (f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)];

    /// <summary>A file the importer would pass over silently is an error here: it would otherwise sit in processed/ unread.</summary>
    private static List<ImportError> UnknownFiles(InboxSet set)
    {
        var known = Importer.FileNames.SelectMany(n => new[] { n, n + ".gz" }).ToHashSet(StringComparer.Ordinal);
        return [.. set.Files.Select(Path.GetFileName).Where(n => !known.Contains(n!))
            .Select(n => new ImportError(n!, 0, null, $"not an input file; expected {string.Join(", ", Importer.FileNames)} (each optionally .gz)"))];
    }

    /// <summary>Moves the set's files (a folder set: the whole folder) to TARGET/STAMP[_NAME]/.</summary>
    private static string Move(InboxSet set, string root, TimeProvider time)
    {
        Directory.CreateDirectory(root);
        var target = Unique(Path.Combine(root, set.Name.Length == 0 ? Stamp(time) : $"{Stamp(time)}_{set.Name}"));
        Directory.Move(set.Directory, target);
        return target;
    }

    private static void WriteReports(string directory, InboxSet set, List<ImportError> errors, long total, TimeProvider time)
    {
        var files = set.Files.Select(Path.GetFileName).ToList();
        if (files.Count == 0)
        {
            // A folder with no input files at all: one report for the folder.
            files.Add("set");
        }

        foreach (var file in files)
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"Import of {(set.Name.Length == 0 ? "the inbox's loose files" : $"folder {set.Name}")} failed at {time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} with {total} error(s); nothing from this set was written.");
            if (total > errors.Count)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"The first {errors.Count} are listed.");
            }

            var own = errors.Where(e => e.File == file).ToList();
            var others = errors.Where(e => e.File != file).ToList();
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Errors in {file}: {(own.Count == 0 ? "none" : "")}");
            foreach (var error in own)
            {
                text.AppendLine(error.ToString());
            }

            if (others.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("Errors in the other files of the set:");
                foreach (var error in others)
                {
                    text.AppendLine(error.ToString());
                }
            }

            File.WriteAllText(Path.Combine(directory, file + ".errors.txt"), text.ToString(), new UTF8Encoding(false));
        }
    }

    private static string Stamp(TimeProvider time) => time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    private static string Unique(string path)
    {
        var candidate = path;
        for (var n = 2; Directory.Exists(candidate) || File.Exists(candidate); n++)
        {
            candidate = $"{path}-{n}";
        }

        return candidate;
    }
}
