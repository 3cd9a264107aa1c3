namespace Ceptoar.Node.Members;

/// <summary>Registers the member API's services: key checks and rates, submission, feeds and their open streams.</summary>
internal static class MembersServices
{
    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddSingleton<MemberRateLimiter>();
        services.AddSingleton<DenialAuditThrottle>();
        services.AddSingleton<MemberAuthenticator>();
        services.AddSingleton<SubmissionService>();
        services.AddSingleton<WithdrawalService>();
        services.AddSingleton<MemberStreams>();
        services.AddGrpc().AddServiceOptions<MemberApi>(o => o.Interceptors.Add<MemberAuthInterceptor>());
        return services;
    }
}
