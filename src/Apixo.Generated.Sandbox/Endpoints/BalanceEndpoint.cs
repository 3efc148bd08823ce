using System.Text.Json;
using Apixo.Generated.Sandbox.Ledger;
using Apixo.Generated.Serialization;
using Microsoft.AspNetCore.Http;

namespace Apixo.Generated.Sandbox.Endpoints;

/// <summary>The balance operation: what is left of <see cref="SandboxOptions.Balance"/>.</summary>
internal sealed class BalanceEndpoint(SandboxLedger ledger)
{
    public Task HandleAsync(HttpContext context) =>
        SandboxAnswers.WriteJson(context, 200, JsonSerializer.Serialize(new BalanceResponse { Code = 200, Message = "success", Data = ledger.Balance }, ApixoJsonContext.Default.BalanceResponse));
}
