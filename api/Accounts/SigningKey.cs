using Microsoft.IdentityModel.Tokens;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Accounts;

/// <summary>The key access tokens are signed with: from Auth:SigningKey, or in embedded mode made once and kept.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public SymmetricSecurityKey Key => key;

    public static SigningKey FromConfiguration(IConfiguration configuration, LocalDataFolder? folder) =>
        new(new SymmetricSecurityKey(ServerKey.Read(configuration, folder, "SigningKey", "signing-key")));
}
