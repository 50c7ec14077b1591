using Microcredit.Jobs.Cli;

return await CreditCli.RunAsync(args, Console.Out, Console.Error);
