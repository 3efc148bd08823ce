using System.Reflection;
using System.Runtime.Loader;

namespace Apixo.Generated.Cli.Surface;

/// <summary>
/// NSwag's C# generation of the client's DTOs and Refit interface, in process, exactly as the build runs it
/// (generators/nswag/Apixo.NSwag.targets): the same NSwag assemblies (NSwag.MSBuild's, at the version
/// Directory.Packages.props pins), the same config file read by NSwag's own loader, the same templates.
/// </summary>
/// <remarks>
/// NSwag and its dependencies (NJsonSchema, Fluid, Newtonsoft.Json, YamlDotNet) load in a context of their own, from
/// nswag/bin/ beside apixo, as dotnet-nswag loads them from its folder: no other copy in the process (a test
/// project's, another tool's) decides which version runs. Only strings cross the boundary, so NSwag's types are
/// reached by reflection; the test that compares this output with the build's file pins every name used here.
/// </remarks>
internal static class NSwagGeneration
{
    /// <summary>The build passes the client project's RootNamespace; our generator is given the same.</summary>
    public const string Namespace = "Apixo.Generated";

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "nswag");

    private static readonly Lazy<NSwagApi> Api = new(() => new NSwagApi(new NSwagLoadContext(Path.Combine(Folder, "bin"))));

    /// <summary>The build's NSwag config, shipped beside apixo with its templates (see the CLI's project file).</summary>
    public static string ConfigPath { get; } = Path.Combine(Folder, "apixo.nswag.json");

    /// <summary>The file NSwag would write for <paramref name="yaml"/>: ApixoApi.g.cs of the client's build.</summary>
    /// <param name="yaml">The contract's text.</param>
    /// <param name="documentPath">Where the contract is said to be (NSwag resolves relative references from it).</param>
    /// <exception cref="Exception">Whatever NSwag throws on a contract it cannot read or generate.</exception>
    public static async Task<string> GenerateAsync(string yaml, string documentPath)
    {
        if (!File.Exists(ConfigPath))
        {
            throw new FileNotFoundException($"NSwag's config is not installed beside apixo ({ConfigPath}).", ConfigPath);
        }

        var api = Api.Value;

        // NSwag's own loader: variables substituted and relative paths (templateDirectory) made absolute, as `nswag run`
        // does. A fresh document per call: its settings are mutable objects, and the two contracts are generated at once.
        var config = await api.LoadConfigAsync(ConfigPath, $"Spec={documentPath},Output=ApixoApi.g.cs,Namespace={Namespace}").ConfigureAwait(false);
        var command = api.CSharpClientCommand(config)
            ?? throw new InvalidOperationException($"{ConfigPath} has no openApiToCSharpClient generator.");
        api.SetInput(command, await api.ReadYamlAsync(yaml, documentPath).ConfigureAwait(false));
        var files = await api.RunAsync(command).ConfigureAwait(false);
        return files.Count == 1
            ? files.Values.Single()
            : throw new InvalidOperationException($"NSwag generated {files.Count} files; the build expects one.");
    }

    /// <summary>The members of NSwag's API that generation uses, found once.</summary>
    private sealed class NSwagApi
    {
        private readonly MethodInfo _loadConfig;
        private readonly PropertyInfo _codeGenerators;
        private readonly PropertyInfo _csharpClient;
        private readonly MethodInfo _readYaml;
        private readonly PropertyInfo _input;
        private readonly MethodInfo _run;

        public NSwagApi(AssemblyLoadContext context)
        {
            var commands = context.LoadFromAssemblyName(new AssemblyName("NSwag.Commands"));
            var yaml = context.LoadFromAssemblyName(new AssemblyName("NSwag.Core.Yaml"));
            var document = commands.GetType("NSwag.Commands.NSwagDocument", throwOnError: true)!;
            _loadConfig = document.GetMethod("LoadWithTransformationsAsync", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(string)])
                ?? throw Missing("NSwagDocument.LoadWithTransformationsAsync(string, string)");
            _codeGenerators = document.GetProperty("CodeGenerators") ?? throw Missing("NSwagDocument.CodeGenerators");
            _csharpClient = _codeGenerators.PropertyType.GetProperty("OpenApiToCSharpClientCommand") ?? throw Missing("CodeGeneratorCollection.OpenApiToCSharpClientCommand");
            _readYaml = yaml.GetType("NSwag.OpenApiYamlDocument", throwOnError: true)!.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(method => method.Name == "FromYamlAsync")
                .OrderBy(method => method.GetParameters().Length)
                .FirstOrDefault(method => method.GetParameters() is [{ ParameterType: var data }, { ParameterType: var path }, ..] && data == typeof(string) && path == typeof(string))
                ?? throw Missing("OpenApiYamlDocument.FromYamlAsync(string, string, …)");
            _input = _csharpClient.PropertyType.GetProperty("Input") ?? throw Missing("OpenApiToCSharpClientCommand.Input");
            _run = _csharpClient.PropertyType.GetMethod("RunAsync", Type.EmptyTypes) ?? throw Missing("OpenApiToCSharpClientCommand.RunAsync()");
        }

        public Task<object> LoadConfigAsync(string path, string variables) => ResultOf(_loadConfig.Invoke(null, [path, variables]));

        public object? CSharpClientCommand(object config) => _csharpClient.GetValue(_codeGenerators.GetValue(config));

        public Task<object> ReadYamlAsync(string yaml, string documentPath)
        {
            // Parameters after the first two are optional (a type-name generator, a cancellation token): their defaults.
            var arguments = _readYaml.GetParameters().Select((parameter, index) => index switch { 0 => yaml, 1 => documentPath, _ => parameter.DefaultValue }).ToArray();
            return ResultOf(_readYaml.Invoke(null, arguments));
        }

        public void SetInput(object command, object document) => _input.SetValue(command, document);

        public async Task<IReadOnlyDictionary<string, string>> RunAsync(object command) =>
            (IReadOnlyDictionary<string, string>)await ResultOf(_run.Invoke(command, null)).ConfigureAwait(false);

        // NSwag's async methods return Task<T> of its own types; the value is read once the task is done.
        private static async Task<object> ResultOf(object? task)
        {
            var running = (Task)task!;
            await running.ConfigureAwait(false);
            return running.GetType().GetProperty("Result")!.GetValue(running)!;
        }

        private static MissingMemberException Missing(string member) =>
            new($"NSwag has no {member}: the NSwag version apixo ships does not match its code.");
    }

    /// <summary>Loads NSwag's assemblies from its folder; anything else (the framework) from the default context.</summary>
    private sealed class NSwagLoadContext(string folder) : AssemblyLoadContext("NSwag")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
