using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.SqlExport;

namespace Microcredit.Jobs.Models;

/// <summary><c>credit export-sql</c>: the scorecard as a SQL expression over the feature columns.</summary>
public static class ExportSqlCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The scorecard JSON written by credit train.", Required = true };
        var dialect = new Option<string>("--dialect") { Description = "postgres or sqlite.", Required = true };
        dialect.AcceptOnlyFromAmong("postgres", "sqlite");
        var output = new Option<string?>("--out") { Description = "Write the expression to this file instead of stdout." };
        var command = new Command("export-sql", "Write a SQL expression that computes the scorecard's points from the feature columns, equal to credit score.\n" +
            "Example: credit export-sql --model models/german.json --dialect postgres > german_points.sql")
        {
            model, dialect, output,
        };
        command.SetAction((parse, _) => ModelCli.RunAsync(async () =>
        {
            var artifact = ModelCli.LoadModel(parse.GetValue(model)!);
            var sql = ScorecardSql.Export(artifact, parse.GetValue(dialect) == "postgres" ? SqlDialect.Postgres : SqlDialect.Sqlite);
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, sql + "\n");
                await context.Error.WriteLineAsync($"Wrote {path}.");
            }
            else
            {
                await context.Out.WriteLineAsync(sql);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
