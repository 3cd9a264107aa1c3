using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ceptoar.Core.Items;

/// <summary>UUIDv7 (RFC 9562) item ids: time-ordered, minted by the origin, the global dedup key.</summary>
public static class UuidV7
{
    private static readonly UuidV7Generator Shared = new(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>A new id in canonical lower-case 8-4-4-4-12 form.</summary>
    public static string NewId() => Shared.Next();

    /// <summary>True for a canonical lower-case UUID whose version nibble is 7 and variant is RFC 4122.</summary>
    public static bool IsValid(string? id)
    {
        if (id is not { Length: 36 })
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var ok = i is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
            if (!ok)
            {
                return false;
            }
        }

        return id[14] == '7' && id[19] is '8' or '9' or 'a' or 'b';
    }

    /// <summary>The creation time (millisecond precision) encoded in a valid UUIDv7.</summary>
    /// <exception cref="FormatException">The id is not a valid UUIDv7.</exception>
    public static DateTimeOffset TimestampOf(string id)
    {
        if (!IsValid(id))
        {
            throw new FormatException($"'{id}' is not a UUIDv7 in canonical lower-case form: pass an item id as minted by UuidV7.NewId.");
        }

        var hex = string.Concat(id.AsSpan(0, 8), id.AsSpan(9, 4));
        return DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(hex, 16));
    }
}

/// <summary>
/// Mints UUIDv7s following RFC 9562 §6.2 method 1: rand_a is a 12-bit counter, seeded randomly each new millisecond and
/// incremented within one, so ids minted by one process sort in minting order even within a millisecond and when the
/// clock steps back (the last timestamp is kept until the clock passes it).
/// </summary>
internal sealed class UuidV7Generator(Func<long> unixMillisecondsClock)
{
    private const int CounterMax = 0xFFF;

    // The seed leaves the counter's top bit clear so at least 2,048 ids fit in one millisecond before it overflows.
    private const int CounterSeedMask = 0x7FF;

    private readonly Lock _gate = new();
    private long _lastMilliseconds = long.MinValue;
    private int _counter;

    public string Next()
    {
        long milliseconds;
        int counter;
        lock (_gate)
        {
            var now = unixMillisecondsClock();
            if (now > _lastMilliseconds)
            {
                _lastMilliseconds = now;
                _counter = RandomNumberGenerator.GetInt32(CounterSeedMask + 1);
            }
            else if (_counter < CounterMax)
            {
                _counter++;
            }
            else
            {
                // Counter exhausted: borrow the next millisecond rather than break ordering.
                _lastMilliseconds++;
                _counter = RandomNumberGenerator.GetInt32(CounterSeedMask + 1);
            }

            milliseconds = _lastMilliseconds;
            counter = _counter;
        }

        return Format(milliseconds, counter);
    }

    internal static string Format(long unixMilliseconds, int counter)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, unixMilliseconds & 0xFFFF_FFFF_FFFF);
        time[2..].CopyTo(bytes);
        bytes[6] = (byte)(0x70 | ((counter >> 8) & 0x0F));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
