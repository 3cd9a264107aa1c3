using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Keys;

/// <summary>`keys …`: the API keys member companies use to reach the node.</summary>
internal static class KeysCommands
{
    /// <summary>Shown with every new secret: the node keeps only its hash, so a lost key must be revoked and reissued.</summary>
    public const string ShownOnceWarning =
        "Store this key now; it cannot be shown again. / このキーは今しか表示されません。安全に保管してください。";

    public static Command Create()
    {
        var options = new NodeOptions();
        var keys = new Command("keys", "Issue, list and revoke the API keys of member companies.");
        options.AddTo(keys);
        keys.Subcommands.Add(Issue(options));
        keys.Subcommands.Add(List(options));
        keys.Subcommands.Add(Revoke(options));
        return keys;
    }

    private static Command Issue(NodeOptions options)
    {
        var member = ArgumentRules.MemberIdArgument("The member the key is for.");
        var label = new Option<string?>("--label") { Description = "A label for people, e.g. soc-integration.", HelpName = "LABEL" };
        var command = new Command("issue", "Issue a new API key for a member; its secret is printed once and never again.") { member, label };
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
            call.Output.Line($"API key {key?.KeyId} issued for member {key?.MemberId ?? request.MemberId}" + (string.IsNullOrEmpty(key?.Label) ? "." : $" (label: {key.Label})."));
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
            Description = "Only the keys of this member (default: every member).",
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
        var command = new Command("list", "List API keys (never their secrets).") { member };
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
                call.Output.Line("no API keys; issue one with: ceptoar-admin keys issue MEMBER-ID");
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                ["Key id", "Member", "Label", "Created", "Status", "Revoked at", "Revoked because"],
                response.Keys.Select(k => new[]
                {
                    k.KeyId, k.MemberId, k.Label, Formats.Time(k.CreatedAt), k.Revoked ? "revoked" : "active",
                    k.Revoked ? Formats.Time(k.RevokedAt) : string.Empty, k.RevokedReason,
                }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(NodeOptions options)
    {
        var keyId = new Argument<string>("KEY-ID") { Description = "The key's id, as `keys list` shows it." };
        ArgumentRules.RequireText(keyId, "the key id shown by `keys list`");
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log (e.g. \"leaked in a ticket\").", HelpName = "TEXT", Required = true };
        ArgumentRules.RequireText(reason, "the reason, which goes into the audit log");
        var command = new Command("revoke", "Revoke an API key: the node refuses it from now on.") { keyId, reason };
        NodeAction.Set(command, options, async call =>
        {
            var request = new RevokeApiKeyRequest { KeyId = call.Require(keyId).Trim(), Reason = call.Require(reason).Trim() };
            var key = await call.Client.RevokeApiKeyAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(key);
                return ExitCodes.Ok;
            }

            call.Output.Line($"API key {key.KeyId} of member {key.MemberId} revoked at {Formats.Time(key.RevokedAt)}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
