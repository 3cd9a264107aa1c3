using Ceptoar.AdminCli;

return await CliApp.RunAsync(args, Console.Out, Console.Error);
