using Grpc.Core;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>The field violations of the member API's InvalidArgument answer (google.rpc.BadRequest), in the person's language.</summary>
internal static class MemberErrors
{
    public static IEnumerable<(string Field, string Message)> Fields(RpcException e)
    {
        var violations = WebLabels.Violations(e);
        if (violations.Count == 0)
        {
            yield return ("form", e.Status.Detail);
            yield break;
        }

        foreach (var violation in violations)
        {
            yield return (violation.Field, violation.Description);
        }
    }
}
