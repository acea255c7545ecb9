using Microsoft.IdentityModel.Tokens;
using Volunteers.Storage;

namespace Volunteers.Api.Accounts;

/// <summary>The key access tokens are signed with: from Auth:SigningKey, or in embedded mode made once and kept.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public SymmetricSecurityKey Key => key;

    public static SigningKey FromConfiguration(IConfiguration configuration, Database database) =>
        new(new SymmetricSecurityKey(ServerKey.Read(configuration, database, "SigningKey", "signing-key")));
}
