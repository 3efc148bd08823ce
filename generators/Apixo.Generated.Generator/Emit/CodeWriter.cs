using System;
using System.Text;

namespace Apixo.Generated.Generator.Emit;

/// <summary>A small indenting writer: lines, blocks in braces, and multi-line blocks of raw text.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public CodeWriter()
    {
        _text.Append(FileHeader.Text);
    }

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes each line of a raw block at the current depth.</summary>
    public void Lines(string block)
    {
        foreach (var line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }
    }

    public Scope Block(params string[] header)
    {
        foreach (var line in header)
        {
            Line(line);
        }

        Line("{");
        _depth++;
        return new Scope(this);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly CodeWriter _writer;

        public Scope(CodeWriter writer)
        {
            _writer = writer;
        }

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line("}");
        }
    }
}
