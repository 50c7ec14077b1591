using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Jobs.Decisions;

/// <summary><c>credit replay DECISION_ID</c>: recompute a stored decision and say whether it is identical.</summary>
public static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var decision = new Argument<string>("DECISION_ID") { Description = "The decision to replay (decisionId of the API response)." };
        var command = new Command("replay", "Recompute a decision from its stored inputs with the model and policy version it names, and compare with the response given.\n" +
            "Exit 0 when identical, 1 when it differs (both are printed).\nExample: credit replay dec_01JD3Q…") { decision };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var database = await context.OpenMigratedAsync(parse.GetValue(CreditCli.DatabaseOption), cancellationToken);
            DecisionReplay.Result result;
            try
            {
                result = await DecisionReplay.ReplayAsync(database, parse.GetValue(decision)!, cancellationToken);
            }
            catch (KeyNotFoundException ex)
            {
                throw new CliException(ex.Message);
            }

            if (result.Identical)
            {
                await context.Out.WriteLineAsync($"{result.DecisionId}: identical");
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync($"{result.DecisionId}: DIFFERS");
            await context.Out.WriteLineAsync($"stored:     {result.Stored}");
            await context.Out.WriteLineAsync($"recomputed: {result.Recomputed}");
            return ExitCodes.Failure;
        });
        return command;
    }
}
