using Ceptoar.Node.Hosting;

return await NodeHost.RunAsync(args);
