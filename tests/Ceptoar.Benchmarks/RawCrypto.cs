using System.Security.Cryptography;
using Ceptoar.Core.Envelopes;

namespace Ceptoar.Benchmarks;

/// <summary>The raw Ed25519 limits of this machine, with the same BouncyCastle code the node uses.</summary>
internal static class RawCrypto
{
    private static readonly byte[] Message = RandomNumberGenerator.GetBytes(1024);

    public static double SignPerSecond(TimeSpan duration)
    {
        var key = Ed25519KeyPair.Generate();
        return BenchmarkRunner.AllCores(duration, running =>
        {
            long n = 0;
            while (running())
            {
                for (var i = 0; i < 64; i++, n++)
                {
                    key.Sign(Message);
                }
            }

            return n;
        });
    }

    public static double VerifyPerSecond(TimeSpan duration)
    {
        var key = Ed25519KeyPair.Generate();
        var signature = key.Sign(Message);
        var publicKey = key.PublicKey;
        return BenchmarkRunner.AllCores(duration, running =>
        {
            long n = 0;
            while (running())
            {
                for (var i = 0; i < 64; i++, n++)
                {
                    if (!Ed25519KeyPair.Verify(publicKey, Message, signature))
                    {
                        throw new InvalidOperationException("a valid signature did not verify");
                    }
                }
            }

            return n;
        });
    }
}
