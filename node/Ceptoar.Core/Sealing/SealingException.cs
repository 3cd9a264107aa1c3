namespace Ceptoar.Core.Sealing;

/// <summary>Why a sealed item could not be opened; stable codes for audit and metrics.</summary>
public enum SealingFailure
{
    /// <summary>This node is not among the header's recipients, or has no wrapped key.</summary>
    NotRecipient = 1,

    /// <summary>The item was sealed to another encryption key of this node (rotation: an older or newer certificate).</summary>
    KeyMismatch,

    /// <summary>A field has the wrong size or shape, or the decrypted content is not an envelope.</summary>
    Malformed,

    /// <summary>AES-GCM refused the wrapped key or the content: ciphertext, nonce, wrapped key or routing header was altered.</summary>
    AuthenticationFailed,
}

/// <summary>A sealed item this node cannot open; the message says what happened and what to do.</summary>
public sealed class SealingException : Exception
{
    public SealingException(SealingFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public SealingException(SealingFailure failure, string message, Exception inner)
        : base(message, inner)
    {
        Failure = failure;
    }

    public SealingFailure Failure { get; }
}
