using System.Text;

namespace Apixo.Generated.Cli;

/// <summary>
/// Everything the CLI prints goes through here, line by line: every form of the key becomes <c>***</c> (even in
/// a parser's echo of a mistyped option, even in JSON), and control characters are escaped, whoever wrote them.
/// </summary>
internal sealed class SafeWriter(TextWriter inner, Secrets secrets) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    // Whole lines are redacted: a key written in pieces is still caught.
    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
            {
                EmitPending();
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_gate)
        {
            var start = 0;
            int newline;
            while ((newline = value.IndexOf('\n', start)) >= 0)
            {
                _line.Append(value, start, newline - start + 1);
                EmitPending();
                start = newline + 1;
            }

            _line.Append(value, start, value.Length - start);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            Write(value);
            Write(CoreNewLine);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            EmitPending();
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    // Writes out the pending text: complete lines as they come, and what is left on Flush.
    private void EmitPending()
    {
        if (_line.Length == 0)
        {
            return;
        }

        inner.Write(TerminalText.Neutralize(secrets.Redact(_line.ToString())));
        _line.Clear();
    }
}
