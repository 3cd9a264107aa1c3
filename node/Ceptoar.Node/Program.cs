using Ceptoar.Node.Composition;

return await NodeHost.RunAsync(args);
