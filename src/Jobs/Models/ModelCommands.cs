using System.CommandLine;
using Microcredit.Jobs.Cli;

namespace Microcredit.Jobs.Models;

/// <summary>The model commands: <c>credit train</c>, <c>evaluate</c>, <c>compare</c>, <c>promote</c>, <c>backtest</c>, <c>score</c>, <c>export-sql</c> and <c>import-model</c>.</summary>
public static class ModelCommands
{
    public static IEnumerable<Command> Create(CliContext context) =>
    [
        TrainCommand.Create(context),
        EvaluateCommand.Create(context),
        CompareCommand.Create(context),
        PromoteCommand.Create(context),
        BacktestCommand.Create(context),
        ScoreCommand.Create(context),
        ExportSqlCommand.Create(context),
        ImportModelCommand.Create(context),
    ];
}
