using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Keys;

/// <summary>`keys …`: the API keys member companies use to reach the node.</summary>
internal static class KeysCommands
{
    /// <summary>Shown with every new secret: the node keeps only its hash, so a lost key must be revoked and reissued.</summary>
    public static string ShownOnceWarning => KeysText.ShownOnceWarning;

    public static Command Create()
    {
        var options = new NodeOptions();
        var keys = new Command("keys", KeysText.KeysDescription);
        options.AddTo(keys);
        keys.Subcommands.Add(Issue(options));
        keys.Subcommands.Add(List(options));
        keys.Subcommands.Add(Revoke(options));
        return keys;
    }

    private static Command Issue(NodeOptions options)
    {
        var member = ArgumentRules.MemberIdArgument(KeysText.KeyMemberDescription);
        var label = new Option<string?>("--label") { Description = KeysText.KeyLabelDescription, HelpName = "LABEL" };
        var command = new Command("issue", KeysText.IssueDescription) { member, label };
        NodeAction.Set(command, options, async call =>
        {
            var request = new IssueApiKeyRequest { MemberId = call.Require(member), Label = call.Get(label)?.Trim() ?? string.Empty };
            var response = await call.Client.IssueApiKeyAsync(request, call.Options);
            if (call.Json)
            {
                // stdout stays one JSON document; the warning still reaches the person running the script.
                await call.Error.WriteLineAsync(ShownOnceWarning);
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            var key = response.Key;
            var owner = key?.MemberId ?? request.MemberId;
            call.Output.Line(string.IsNullOrEmpty(key?.Label)
                ? Localized.Format(KeysText.KeyIssued, key?.KeyId, owner)
                : Localized.Format(KeysText.KeyIssuedWithLabel, key.KeyId, owner, key.Label));
            call.Output.Line();
            call.Output.Line(ShownOnceWarning);
            call.Output.Line();
            call.Output.Line($"    {response.ApiKey}");
            call.Output.Line();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var member = new Argument<string?>("MEMBER-ID")
        {
            Description = KeysText.ListMemberDescription,
            Arity = ArgumentArity.ZeroOrOne,
        };
        member.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && ArgumentRules.MemberIdProblem(value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var command = new Command("list", KeysText.ListDescription) { member };
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListApiKeysAsync(new ListApiKeysRequest { MemberId = call.Get(member) ?? string.Empty }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Keys.Count == 0)
            {
                call.Output.Line(KeysText.NoKeys);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [KeysText.KeyIdHeader, CommonText.Member, CommonText.Label, CommonText.Created, CommonText.Status, KeysText.RevokedAt, KeysText.RevokedBecause],
                response.Keys.Select(k => new[]
                {
                    k.KeyId, k.MemberId, k.Label, Formats.Time(k.CreatedAt), k.Revoked ? CommonText.Revoked : CommonText.Active,
                    k.Revoked ? Formats.Time(k.RevokedAt) : string.Empty, k.RevokedReason,
                }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(NodeOptions options)
    {
        var keyId = new Argument<string>("KEY-ID") { Description = KeysText.KeyIdDescription };
        ArgumentRules.RequireText(keyId, KeysText.KeyIdWhat);
        var reason = new Option<string>("--reason") { Description = KeysText.RevokeReasonDescription, HelpName = "TEXT", Required = true };
        ArgumentRules.RequireText(reason, CommonText.TheReasonForTheAuditLog);
        var command = new Command("revoke", KeysText.RevokeDescription) { keyId, reason };
        NodeAction.Set(command, options, async call =>
        {
            var request = new RevokeApiKeyRequest { KeyId = call.Require(keyId).Trim(), Reason = call.Require(reason).Trim() };
            var key = await call.Client.RevokeApiKeyAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(key);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(KeysText.KeyRevoked, key.KeyId, key.MemberId, Formats.Time(key.RevokedAt)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
