using Apixo.Generated.Sandbox.Contract;
using Apixo.Generated.Sandbox.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Apixo.Generated.Sandbox.Endpoints;

/// <summary>
/// Every operation of the contract, at its path under the server's prefix: the ones the sandbox models, and
/// 501 with the error envelope for the others. Plus the result images, which are the sandbox's own.
/// </summary>
internal static class SandboxRoutes
{
    public const string ResultsPath = "/results";

    public static void Map(WebApplication app, SandboxContract contract, SubmitEndpoint submit, StatusEndpoint status, BalanceEndpoint balance, SandboxTaskStore tasks, TimeProvider clock)
    {
        foreach (var operation in contract.Operations)
        {
            RequestDelegate handler = operation.Role switch
            {
                OperationRole.Submit => submit.HandleAsync,
                OperationRole.Status => status.HandleAsync,
                OperationRole.Balance => balance.HandleAsync,
                _ => context => SandboxAnswers.Envelope(context, 501, "Not implemented", $"the sandbox does not model {operation.OperationId} ({operation.Method} {operation.Path})"),
            };
            app.MapMethods(contract.ApiPrefix + operation.Path, [operation.Method], handler);
        }

        app.MapGet(ResultsPath + "/{taskId}/{index:int}.png", (string taskId, int index) =>
            index == 0 && tasks.Find(taskId) is { } task && task.HasResult(clock.GetUtcNow())
                ? Results.Bytes(task.Image(), "image/png")
                : Results.NotFound());
    }
}
