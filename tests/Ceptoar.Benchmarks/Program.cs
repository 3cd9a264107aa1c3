using Ceptoar.Benchmarks;

return await BenchmarkRunner.RunAsync(args);
