using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>The field violations of the member API's InvalidArgument answer (google.rpc.BadRequest), in the person's language.</summary>
internal static class MemberErrors
{
    public static IEnumerable<(string Field, string Message)> Fields(RpcException e)
    {
        var status = e.GetRpcStatus();
        var request = status?.GetDetail<BadRequest>();
        if (request is null || request.FieldViolations.Count == 0)
        {
            yield return ("form", e.Status.Detail);
            yield break;
        }

        foreach (var violation in request.FieldViolations)
        {
            yield return (violation.Field, violation.Description);
        }
    }
}
