using System.Diagnostics;
using System.Text.Json;
using Apixo.Generated.Cli;
using Apixo.Generated.Generator.Tests.TestSupport;
using Apixo.Generated.Tests.TestSupport;
using YamlDotNet.RepresentationModel;
using SpecYaml = Apixo.Generated.Generator.Tests.TestSupport.ContractYaml;
using static Apixo.Generated.Generator.Tests.TestSupport.ContractYaml;

namespace Apixo.Generated.Tests.Cli;

/// <summary>
/// <c>apixo contract diff</c> on one contract pair per rule: each pair is an edit of the contract's YAML structure (text
/// only for a comment or whitespace, appended), and asserts every change line (kind, where, what, file and line), the
/// verdict and the exit code. Then <c>--base</c>, <c>--format github</c> and <c>apixo contract lint</c>.
/// </summary>
public sealed partial class ContractReviewTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("apixo-contract-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A change the report must list: its kind, where, a part of what, and the key whose line it names (in the new file, or the old one).</summary>
    internal sealed record Expected(string Kind, string Where, string What, string[] Line, bool InOld = false);

    /// <summary>
    /// A contract pair: the edit, the verdict, and every change the report must list (no more). <paramref name="Base"/>,
    /// when given, edits both contracts first: a rule about something today's contract lacks (a number field's step).
    /// </summary>
    internal sealed record Pair(Action<ContractYaml>? Edit, string Verdict, Expected[] Changes, string? Appended = null, Action<ContractYaml>? Base = null);

    private static Expected Breaking(string where, string what, params string[] line) => new("breaking", where, what, line);

    private static Expected Additive(string where, string what, params string[] line) => new("additive", where, what, line);

    private static Expected Cosmetic(string where, string what, params string[] line) => new("cosmetic", where, what, line);

    private static Expected Gone(Expected expected) => expected with { InOld = true };

    public static TheoryData<string> Rules() => new(Pairs.Keys);

    [Theory]
    [MemberData(nameof(Rules))]
    public Task Diff_names_every_change_with_its_line_and_verdict(string rule) =>
        // The wire and model lines exactly; the surface's lines (checked on their own pairs) count in the verdict.
        AssertPair(rule, Pairs[rule], surfaceLines: false);

    /// <summary>
    /// Runs <c>contract diff --format json</c> on the pair, and asserts the verdict, the exit code, and every line of one
    /// part (the generated surface's, or the wire and model's): each expected line there, and no other.
    /// </summary>
    private async Task AssertPair(string rule, Pair pair, bool surfaceLines)
    {
        var original = new ContractYaml(ContractDocument.Text);
        pair.Base?.Invoke(original);
        var oldText = original.ToString();
        var edited = new ContractYaml(oldText);
        pair.Edit?.Invoke(edited);
        var newText = edited.ToString() + (pair.Appended ?? string.Empty);
        Assert.True((pair.Edit is null && pair.Appended is null) == (oldText == newText), $"{rule}: the edit did not apply");
        var before = Path.Combine(_folder, "old.yaml");
        var after = Path.Combine(_folder, "new.yaml");
        await File.WriteAllTextAsync(before, oldText);
        await File.WriteAllTextAsync(after, newText);
        var stdout = new StringWriter();

        var exit = await ApixoCli.RunAsync(["contract", "diff", before, after, "--format", "json"], stdout, new StringWriter(), _ => null);

        using var report = JsonDocument.Parse(stdout.ToString());
        Assert.True(report.RootElement.TryGetProperty("surfaceCheck", out var check), $"{rule}: the surface comparison did not run: {stdout}");
        Assert.True(!surfaceLines || check.GetProperty("compared").GetBoolean(), $"{rule}: the surfaces were not compared: {stdout}");
        var changes = report.RootElement.GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("surface").GetBoolean() == surfaceLines)
            .Select(c => (Kind: c.GetProperty("kind").GetString()!, Where: c.GetProperty("where").GetString()!, What: c.GetProperty("what").GetString()!, File: c.GetProperty("file").GetString()!, Line: c.GetProperty("line").GetInt32()))
            .ToList();
        Assert.True(pair.Verdict == report.RootElement.GetProperty("verdict").GetString(), $"{rule}: {stdout}");
        Assert.Equal(pair.Verdict == "major" ? ContractCommand.BreakingChange : 0, exit);
        Assert.True(pair.Changes.Length == changes.Count, $"{rule}: expected {pair.Changes.Length} {(surfaceLines ? "surface" : "wire and model")} changes, got {stdout}");
        foreach (var expected in pair.Changes)
        {
            var line = KeyLine(expected.InOld ? oldText : newText, expected.Line);
            Assert.True(
                changes.Any(c => c.Kind == expected.Kind && c.Where == expected.Where && c.What.Contains(expected.What, StringComparison.Ordinal) && c.File == (expected.InOld ? "old" : "new") && c.Line == line),
                $"{rule}: no {expected.Kind} change at {expected.Where} saying '{expected.What}' on line {line} of the {(expected.InOld ? "old" : "new")} file in {stdout}");
        }
    }

    /// <summary>The 1-based line of the key (or sequence item) at the end of <paramref name="path"/>.</summary>
    private static int KeyLine(string text, string[] path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        YamlNode node = yaml.Documents[0].RootNode;
        YamlNode last = node;
        foreach (var step in path)
        {
            (last, node) = node switch
            {
                YamlMappingNode mapping when mapping.Children.FirstOrDefault(p => ((YamlScalarNode)p.Key).Value == step) is { Key: not null } pair => (pair.Key, pair.Value),
                YamlSequenceNode sequence when int.TryParse(step, out var index) && index < sequence.Children.Count => (sequence.Children[index], sequence.Children[index]),
                _ => throw new Xunit.Sdk.XunitException($"No '{step}' on the path {string.Join('/', path)}: the test must follow the contract."),
            };
        }

        return (int)last.Start.Line;
    }

    /// <summary>A deep copy of a node (through its YAML text), to put the same schema somewhere else.</summary>
    private static YamlNode Clone(YamlNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return Parse(writer.ToString());
    }

    [Theory]
    [InlineData("text", "Verdict: major")]
    [InlineData("markdown", "**Verdict: major**")]
    public async Task Diff_prints_text_and_markdown(string format, string expected)
    {
        var (before, after) = await WritePair(yaml => Set(At(yaml.Schema("GenerationInput"), "properties", "prompt"), "maxLength", "10000"));
        var stdout = new StringWriter();

        Assert.Equal(ContractCommand.BreakingChange, await ApixoCli.RunAsync(["contract", "diff", before, after, "--format", format], stdout, new StringWriter(), _ => null));
        Assert.Contains(expected, stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("GenerationInput.prompt", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains($"new.yaml:{LineOfKey(after, "maxLength: 10000")}", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_writes_github_annotations_on_the_new_files_lines()
    {
        var (before, after) = await WritePair(yaml =>
        {
            Set(At(yaml.Schema("GenerationInput"), "properties", "prompt"), "maxLength", "10000");
            Set(At(yaml.Schema("Resolution"), "x-apixo-pricing", "prices"), "2k", "0.035");
            Remove(At(yaml.Schema("TaskStatusData"), "properties"), "failMsg");
            Set(At(yaml.Schema("TaskStatusData"), "properties", "createTime"), "description", "When it began.");
        });
        var stdout = new StringWriter();

        var exit = await ApixoCli.RunAsync(["contract", "diff", before, after, "--format", "github"], stdout, new StringWriter(), _ => null);

        Assert.Equal(1, exit);
        var lines = stdout.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var file = after.Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
        Assert.Contains($"::error file={file},line={LineOfKey(after, "maxLength: 10000")},title=breaking%3A GenerationInput.prompt::maxLength 20000 → 10000 (narrower)", lines);
        Assert.Contains($"::warning file={file},line={LineOfKey(after, "2k: 0.035")},title=additive%3A x-apixo-pricing::`2k` price 0.03 → 0.035 USD", lines.Select(l => l.Split(" (the wire")[0]));
        // A removal is annotated on what still holds it in the new file, and names its line in the old one.
        Assert.Contains(lines, l => l.StartsWith($"::error file={file},line={LineOfKey(after, "    TaskStatusData:")},title=breaking%3A TaskStatusData.failMsg::field removed", StringComparison.Ordinal) && l.Contains($"(removed: line {LineOfKey(before, "failMsg:")} of {before})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("::notice ", StringComparison.Ordinal) && l.Contains("title=cosmetic%3A TaskStatusData.createTime::description changed", StringComparison.Ordinal));
        // The generated surface's line for the same removal: the DTO's property, placed like the wire's.
        Assert.Contains(lines, l => l.StartsWith($"::error file={file},line={LineOfKey(after, "    TaskStatusData:")},title=breaking%3A C# Apixo.Generated.TaskStatusData.FailMsg::removed: public string", StringComparison.Ordinal) && l.Contains($"(removed: line {LineOfKey(before, "failMsg:")} of {before})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Generated C# surface: both clients generated and compared in ", StringComparison.Ordinal));
        Assert.Equal("Verdict: major (3 breaking, 1 additive, 1 cosmetic)", lines[^1]);
    }

    [Theory]
    [InlineData("missing file")]
    [InlineData("not YAML")]
    [InlineData("one file without --base")]
    public async Task Diff_refuses_bad_input_with_exit_2(string what)
    {
        var (before, after) = await WritePair(_ => { });
        string[] arguments = what switch
        {
            "missing file" => ["contract", "diff", before, Path.Combine(_folder, "absent.yaml")],
            "not YAML" => ["contract", "diff", before, await Write("broken.yaml", "openapi: [unclosed\n")],
            _ => ["contract", "diff", after],
        };
        var stderr = new StringWriter();

        Assert.Equal(2, await ApixoCli.RunAsync(arguments, new StringWriter(), stderr, _ => null));
        Assert.StartsWith("apixo: ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_base_compares_the_working_copy_with_the_spec_at_a_git_ref()
    {
        var repository = Directory.CreateDirectory(Path.Combine(_folder, "repo")).FullName;
        var spec = Path.Combine(repository, "openapi", "gpt-image-2.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(spec)!);
        Git(repository, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(spec, new ContractYaml(ContractDocument.Text).ToString());
        Git(repository, "add", ".");
        Git(repository, "commit", "-q", "-m", "first");
        var edited = new ContractYaml(ContractDocument.Text);
        Set(At(edited.Schema("Resolution"), "x-apixo-polling", "2k"), "first-poll-seconds", "45");
        await File.WriteAllTextAsync(spec, edited.ToString());
        Git(repository, "commit", "-q", "-am", "second: 2k polls sooner");
        var removed = new ContractYaml(ContractDocument.Text);
        Set(At(removed.Schema("Resolution"), "x-apixo-polling", "2k"), "first-poll-seconds", "45");
        Remove(At(removed.Schema("TaskStatusData"), "properties"), "failMsg");
        await File.WriteAllTextAsync(spec, removed.ToString());
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // The working copy against the first commit: the polling change (committed) and the removal (not yet).
        var exit = await ApixoCli.RunAsync(["contract", "diff", "--base", "HEAD~1", spec], stdout, stderr, _ => null);

        Assert.True(exit == 1, stderr.ToString() + stdout);
        Assert.Contains("x-apixo-polling: `2k` first poll 60 s → 45 s", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains($"TaskStatusData.failMsg: field removed: its generated property is gone (HEAD~1:openapi/gpt-image-2.yaml:{LineOfKey(Path.Combine(repository, "old.yaml"), "failMsg:", ContractYaml(ContractDocument.Text))})", stdout.ToString(), StringComparison.Ordinal);

        // Against HEAD, only the working copy's change, annotated on the spec's path in the repository.
        stdout = new StringWriter();
        Assert.Equal(1, await ApixoCli.RunAsync(["contract", "diff", "--base", "HEAD", spec, "--format", "github"], stdout, new StringWriter(), _ => null));
        Assert.Contains("::error file=openapi/gpt-image-2.yaml,line=", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("first poll", stdout.ToString(), StringComparison.Ordinal);

        // The same file at the same ref: nothing to report.
        await File.WriteAllTextAsync(spec, edited.ToString());
        stdout = new StringWriter();
        Assert.Equal(0, await ApixoCli.RunAsync(["contract", "diff", "--base", "main", spec], stdout, new StringWriter(), _ => null));
        Assert.Contains("Verdict: none", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("an unknown ref", "no-such-branch", "is not a commit, branch or tag")]
    [InlineData("a file absent at the ref", "HEAD", "does not exist at 'HEAD'")]
    [InlineData("not a repository", "HEAD", "is not inside a git repository")]
    public async Task Diff_base_refuses_what_it_cannot_read_with_exit_2(string what, string gitRef, string message)
    {
        var repository = Directory.CreateDirectory(Path.Combine(_folder, "repo")).FullName;
        if (what != "not a repository")
        {
            Git(repository, "init", "-q", "-b", "main");
            await File.WriteAllTextAsync(Path.Combine(repository, "README.md"), "x");
            Git(repository, "add", ".");
            Git(repository, "commit", "-q", "-m", "first");
        }

        var spec = Path.Combine(repository, "spec.yaml");
        await File.WriteAllTextAsync(spec, ContractDocument.Text);
        var stderr = new StringWriter();

        Assert.Equal(2, await ApixoCli.RunAsync(["contract", "diff", "--base", gitRef, spec], new StringWriter(), stderr, _ => null));
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }

    private static string ContractYaml(string text) => new ContractYaml(text).ToString();

    private static int LineOfKey(string file, string text, string? content = null)
    {
        var lines = (content ?? File.ReadAllText(file)).ReplaceLineEndings("\n").Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' is not in {file}");
        return index + 1;
    }

    private static void Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = folder;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }

    private async Task<(string Before, string After)> WritePair(Action<ContractYaml> edit)
    {
        var edited = new ContractYaml(ContractDocument.Text);
        edit(edited);
        return (await Write("old.yaml", new ContractYaml(ContractDocument.Text).ToString()), await Write("new.yaml", edited.ToString()));
    }

    private async Task<string> Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>Each lint case: the edit of the real contract's YAML structure, and the finding it must give (none: null).</summary>
    private static readonly Dictionary<string, (Action<SpecYaml> Edit, string? Id)> LintCases = new()
    {
        ["the real contract"] = (_ => { }, null),
        ["a response without an example"] = (yaml => SpecYaml.Remove(SpecYaml.At(OperationWithRole(yaml, "balance"), "responses", "200", "content", "application/json"), "examples"), "LINT001"),
        ["an operation without an error response"] = (yaml =>
        {
            var responses = SpecYaml.At(OperationWithRole(yaml, "balance"), "responses");
            foreach (var status in responses.Children.Keys.Select(key => key.ToString()).Where(code => code[0] is '4' or '5').ToList())
            {
                SpecYaml.Remove(responses, status);
            }
        }, "LINT002"),
        ["an enum without C# names"] = (yaml => SpecYaml.Remove(yaml.Schema("TaskState"), "x-enumNames"), "LINT003"),
        ["a generator diagnostic"] = (yaml =>
        {
            var names = SpecYaml.Sequence(yaml.Schema("Resolution"), "x-enumNames");
            SpecYaml.SetItem(names, 1, names.Children[0].ToString());
        }, "APX005"),
    };

    public static TheoryData<string> LintCaseNames() => new(LintCases.Keys);

    // The operation carrying x-apixo-role: role.
    private static YamlMappingNode OperationWithRole(SpecYaml yaml, string role) =>
        SpecYaml.At(yaml.Root, "paths").Children.Values.OfType<YamlMappingNode>()
            .SelectMany(item => item.Children.Values.OfType<YamlMappingNode>())
            .Single(operation => operation.Children.TryGetValue(new YamlScalarNode("x-apixo-role"), out var value) && value.ToString() == role);

    [Theory]
    [MemberData(nameof(LintCaseNames))]
    public async Task Lint_reports_what_is_incomplete(string what)
    {
        var (edit, id) = LintCases[what];
        var yaml = new SpecYaml(ContractDocument.Text);
        edit(yaml);
        var text = yaml.ToString();
        Assert.True(id is null || text != new SpecYaml(ContractDocument.Text).ToString(), $"{what}: the edit did not apply.");
        await AssertLintAsync(what, text, id);
    }

    [Fact]
    public async Task Lint_reports_broken_YAML_on_its_line()
    {
        // Broken YAML has no structure to edit: an unclosed flow sequence goes after the whole document.
        await AssertLintAsync("broken YAML", ContractDocument.Text.TrimEnd('\n') + "\nbroken: [unclosed\n", "APX002");
    }

    private async Task AssertLintAsync(string what, string contract, string? id)
    {
        var file = Path.Combine(_folder, "spec.yaml");
        await File.WriteAllTextAsync(file, contract);
        var stdout = new StringWriter();

        var exit = await ApixoCli.RunAsync(["contract", "lint", file], stdout, new StringWriter(), _ => null);

        Assert.True((id is null ? 0 : 1) == exit, $"{what}: {stdout}");
        if (id is not null)
        {
            Assert.Contains($"error {id}", stdout.ToString(), StringComparison.Ordinal);
        }
    }
}
