using System.Security.Cryptography;
using Ceptoar.Node.Storage;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Ceptoar.Node.People;

/// <summary>A new person's (or a reset person's) first credentials, shown once to the staff who hand them over.</summary>
/// <param name="InitialPassword">Random, 20 characters.</param>
/// <param name="TotpSecret">20 random bytes as base32, for typing into an authenticator app.</param>
/// <param name="OtpAuthUri">The same secret as an otpauth:// URI (a QR code of it is what authenticator apps scan).</param>
public sealed record NewCredentials(string InitialPassword, string PasswordHash, string TotpSecret, string OtpAuthUri);

/// <summary>Passwords (ASP.NET Core Identity's PasswordHasher: PBKDF2) and the TOTP second factor (RFC 6238), docs/CONSOLE.md §2.</summary>
public static class PersonCredentials
{
    /// <summary>Characters of an initial password: no 0/O, 1/l/I, so it can be read out or copied from paper.</summary>
    private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private const int InitialPasswordLength = 20;

    /// <summary>RFC 4226 §4 asks for at least 128 bits and recommends 160: 20 bytes, the length of an HMAC-SHA-1 key block's digest.</summary>
    private const int SecretBytes = 20;

    /// <summary>30-second steps, 6 digits, HMAC-SHA-1: what every authenticator app supports (RFC 6238 defaults).</summary>
    private const int StepSeconds = 30;

    private const int Digits = 6;

    private static readonly PasswordHasher<PersonRecord> Hasher = new();

    /// <summary>A hash of a random password, verified against when the login is unknown so that answer takes as long as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(null!, RandomNumberGenerator.GetString(PasswordAlphabet, InitialPasswordLength)));

    /// <summary>A random initial password, its hash, a new TOTP secret and its otpauth URI for <paramref name="login"/> at <paramref name="nodeId"/>.</summary>
    public static NewCredentials New(string nodeId, string login)
    {
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, InitialPasswordLength);
        var secret = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=');
        return new NewCredentials(password, Hash(password), secret, OtpAuthUri(nodeId, login, secret));
    }

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; with a null hash, spends the time of a check and returns false.</summary>
    public static bool Verify(string? hash, string password)
    {
        if (hash is null)
        {
            _ = Hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return false;
        }

        return Hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// The 30-second step of <paramref name="code"/> when it is the code of the step of <paramref name="now"/> or of the
    /// step before or after (a clock a little off, a code typed as it changed); null when it is none of them.
    /// </summary>
    public static long? MatchStep(string secret, string code, DateTimeOffset now)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret), StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>otpauth://totp/CEPTOAR%20&lt;node&gt;:&lt;login&gt;?secret=…&amp;issuer=CEPTOAR%20&lt;node&gt;…, the key URI format authenticator apps read.</summary>
    public static string OtpAuthUri(string nodeId, string login, string secret)
    {
        var issuer = Uri.EscapeDataString("CEPTOAR " + nodeId);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(login)}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
    }

    /// <summary>A new session stamp: 128 random bits.</summary>
    public static string NewStamp() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
