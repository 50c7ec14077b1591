using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Import;
using Spectre.Console;

namespace Microcredit.Jobs.Import;

/// <summary><c>credit import --dir DIR</c>: loads the input files of docs/data-format.md in one transaction.</summary>
public static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Option<DirectoryInfo>("--dir")
        {
            Description = "Folder holding any of merchants.csv, orders.csv, loans.csv, installments.csv, repayments.csv, loan_orders.csv (each may be .csv.gz).",
            Required = true,
        };
        var command = new Command(
            "import",
            "Validate and load merchant history files into the database, all or nothing: on any error nothing is written and the first 50 errors are listed.\nExample: credit import --dir data-samples")
        {
            dir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            var folder = parse.GetValue(dir)!.FullName;
            var result = await RunWithProgressAsync(context, new Importer(database, context.Time), folder, cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    await context.Error.WriteLineAsync($"error: {error}");
                }

                await context.Error.WriteLineAsync(result.TotalErrors > result.Errors.Count
                    ? $"Import failed with {result.TotalErrors} errors (the first {result.Errors.Count} are listed); nothing was written."
                    : $"Import failed with {result.TotalErrors} error(s); nothing was written.");
                return ExitCodes.Failure;
            }

            var table = new Table().AddColumns("file", "rows", "inserted", "updated", "unchanged");
            foreach (var file in result.Files)
            {
                table.AddRow(file.File, $"{file.Rows:N0}", $"{file.Inserted:N0}", $"{file.Updated:N0}", $"{file.Unchanged:N0}");
            }

            context.Console.Write(table);
            await context.Error.WriteLineAsync($"Imported {result.Files.Count} file(s) into {database.Describe()}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ImportResult> RunWithProgressAsync(CliContext context, Importer importer, string folder, CancellationToken cancellationToken)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            return await importer.ImportAsync(folder, cancellationToken: cancellationToken);
        }

        ImportResult? result = null;
        await context.Console.Progress().StartAsync(async progress =>
        {
            var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
            var reporter = new Progress<ImportProgress>(p =>
            {
                if (!tasks.TryGetValue(p.File, out var task))
                {
                    tasks[p.File] = task = progress.AddTask(p.File, maxValue: Math.Max(p.BytesTotal, 1));
                }

                task.Value = p.BytesRead;
            });
            result = await importer.ImportAsync(folder, reporter, cancellationToken);
        });
        return result!;
    }
}
