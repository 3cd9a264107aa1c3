using Ceptoar.Core.Items;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// Reads the rule file (RuleFile and RULES-FORMAT.md describe it) line by line, collecting every error with its line and
/// column rather than stopping at the first, so an admin fixes a file in one pass. Values are checked by
/// <see cref="RuleFileValueReader"/>, whole rules by <see cref="RuleChecks"/>. With references, every member and node id a
/// rule names must also exist.
/// </summary>
internal sealed class RuleFileReader(Vocabulary vocabulary, RuleReferences? references)
{
    private const int MaxLineLength = 10_000;

    private readonly List<RuleFileError> _errors = [];
    private readonly List<Block> _blocks = [];
    private Block? _current;

    internal readonly record struct Token(string Text, int Column);

    /// <summary>One 'rule' block as read so far, with where each key was written (for errors found later).</summary>
    internal sealed class Block(string name, int line, int column)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public List<string> Description { get; } = [];

        public int DescriptionLine { get; set; }

        public RuleConditions When { get; set; } = RuleConditions.Any;

        public RuleActions Then { get; set; } = RuleActions.None;

        public Dictionary<string, (int Line, int Column)> Keys { get; } = new(StringComparer.Ordinal);

        public bool HasErrors { get; set; }
    }

    public RuleFileParse Read(string text)
    {
        var lines = (text.StartsWith('\uFEFF') ? text[1..] : text).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            ReadLine(lines[i].TrimEnd('\r'), i + 1);
        }

        _current = null;
        var rules = new List<HandlingRule>();
        var blocks = new List<Block>();
        foreach (var block in _blocks)
        {
            var description = string.Join(' ', block.Description);
            if (description.Length > RuleSet.MaxDescriptionLength)
            {
                Error(block.DescriptionLine, 1, $"the description of rule '{block.Name}' has {description.Length} characters: shorten it to at most {RuleSet.MaxDescriptionLength}");
            }
            else if (!block.HasErrors)
            {
                rules.Add(new HandlingRule(block.Name, description, block.When, block.Then));
                blocks.Add(block);
            }
        }

        foreach (var finding in RuleChecks.Check(rules, i => $"'{blocks[i].Name}' (line {blocks[i].Line})"))
        {
            var block = blocks[finding.Index];
            var (line, column) = finding.Key is { } key && block.Keys.TryGetValue(key, out var at) ? at : (block.Line, block.Column);
            Error(line, column, finding.Message);
        }

        if (_errors.Count > 0)
        {
            return new RuleFileParse(null, [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        return new RuleFileParse(new RuleSet(rules), []);
    }

    internal void Error(int line, int column, string message)
    {
        _errors.Add(new RuleFileError(line, column, message));
        _current?.HasErrors = true;
    }

    private void ReadLine(string raw, int line)
    {
        if (raw.Length > MaxLineLength)
        {
            Error(line, MaxLineLength + 1, $"the line is longer than {MaxLineLength} characters: split the rule over several 'when' and 'then' lines");
            return;
        }

        var tokens = Tokenize(raw);
        if (tokens.Count == 0 || tokens[0].Text.StartsWith('#'))
        {
            return;
        }

        var first = tokens[0];
        var wide = raw.IndexOf('\u3000');
        if (wide >= 0 && first.Text != "description")
        {
            // A Japanese input method types a full-width blank easily; it would silently glue two pairs together.
            Error(line, wide + 1, "a full-width space (全角スペース) separates nothing here: use an ordinary blank");
            return;
        }

        switch (first.Text)
        {
            case "rule":
                StartRule(tokens, line, raw.Length);
                break;
            case "description":
                Describe(raw, first, line);
                break;
            case "when" or "then":
                Pairs(tokens, line, raw.Length, first.Text == "when");
                break;
            default:
                var what = first.Text.Contains('=')
                    ? $"'{first.Text}' is not on a 'when' or 'then' line: start the line with when (for conditions) or then (for actions)"
                    : $"unknown word '{first.Text}'{RuleValues.Suggest(first.Text, ["rule", "description", "when", "then"])}: a line is 'rule NAME', 'description TEXT', 'when KEY=VALUE ...', 'then KEY=VALUE ...' or a comment starting with '#'";
                Error(line, first.Column, what);
                break;
        }
    }

    private void StartRule(List<Token> tokens, int line, int lineLength)
    {
        if (tokens.Count == 1)
        {
            _current = null;
            Error(line, lineLength + 1, "'rule' needs a name, e.g. rule strip-bank-attribution");
            _current = new Block("", line, tokens[0].Column) { HasErrors = true };
            _blocks.Add(_current);
            return;
        }

        var name = tokens[1];
        _current = new Block(name.Text, line, name.Column);
        _blocks.Add(_current);
        if (tokens.Count > 2)
        {
            Error(line, tokens[2].Column, tokens[2].Text is "when" or "then" or "description"
                ? $"'rule {name.Text}' stands alone on its line: put '{tokens[2].Text} ...' on a line of its own below it"
                : $"a rule name is one word: write it with '-' (rule {name.Text}-{tokens[2].Text}), and any explanation on a 'description' line");
        }

        if (!RuleNames.IsValidRuleName(name.Text))
        {
            Error(line, name.Column, $"'{name.Text}' is not a rule name: use {RuleNames.RuleNameRule}");
        }
        else if (_blocks.Take(_blocks.Count - 1).FirstOrDefault(b => b.Name == name.Text) is { } earlier)
        {
            Error(line, name.Column, $"rule name '{name.Text}' is already used by the rule on line {earlier.Line}: give each rule its own name");
        }

        if (_blocks.Count == RuleSet.MaxRules + 1)
        {
            Error(line, tokens[0].Column, $"a rule set holds at most {RuleSet.MaxRules} rules: merge rules, or remove those no longer needed");
        }
    }

    private void Describe(string raw, Token first, int line)
    {
        if (_current is null)
        {
            Error(line, first.Column, "a 'description' line belongs to a rule: put 'rule NAME' on a line above it");
            return;
        }

        var start = first.Column - 1 + "description".Length;
        var control = Array.FindIndex(raw.ToCharArray(), start, c => c != '\t' && char.IsControl(c));
        if (control >= 0)
        {
            Error(line, control + 1, "the description holds a control character: remove it");
            return;
        }

        var text = raw[start..].Replace('\t', ' ').Trim();
        if (text.Length == 0)
        {
            Error(line, first.Column, "'description' needs text after it, e.g. description Banks are never named outside this node");
            return;
        }

        if (_current.Description.Count == 0)
        {
            _current.DescriptionLine = line;
        }

        _current.Description.Add(text);
    }

    private void Pairs(List<Token> tokens, int line, int lineLength, bool onWhen)
    {
        var word = onWhen ? "when" : "then";
        if (_current is null)
        {
            Error(line, tokens[0].Column, $"a '{word}' line belongs to a rule: put 'rule NAME' on a line above it");
            return;
        }

        if (tokens.Count == 1)
        {
            Error(line, lineLength + 1, $"'{word}' needs at least one KEY=VALUE, e.g. {(onWhen ? "when label=amber" : "then hold=yes")}");
            return;
        }

        var values = new RuleFileValueReader(vocabulary, references, _current.Name, this, line);
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Text.StartsWith('#'))
            {
                Error(line, token.Column, "a comment takes a whole line: move it to a line of its own starting with '#'");
                return;
            }

            // "label=green, amber": the blank splits the list; say so once and read the list as meant.
            while (token.Text.EndsWith(',') && i + 1 < tokens.Count && !tokens[i + 1].Text.Contains('=') && !tokens[i + 1].Text.StartsWith('#'))
            {
                i++;
                Error(line, tokens[i].Column, $"a blank after a comma ends the list: write the values as one word, e.g. {token.Text}{tokens[i].Text}");
                token = new Token(token.Text + tokens[i].Text, token.Column);
            }

            var equals = token.Text.IndexOf('=');
            if (equals < 0)
            {
                var known = RuleValues.ConditionKeys.Contains(token.Text) || RuleValues.ActionKeys.Contains(token.Text);
                Error(line, token.Column, known
                    ? $"'{token.Text}' needs a value: write {token.Text}=VALUE"
                    : $"expected KEY=VALUE, found '{token.Text}': pairs are separated by blanks, values within a pair by commas");
                continue;
            }

            var key = token.Text[..equals];
            if (key.Length == 0)
            {
                Error(line, token.Column, $"'{token.Text}' has no key before '=': write KEY=VALUE");
                continue;
            }

            if (!(onWhen ? RuleValues.ConditionKeys : RuleValues.ActionKeys).Contains(key))
            {
                Error(line, token.Column, RuleValues.WrongSection(key, onWhen) ?? RuleValues.UnknownKey(key, onWhen));
                continue;
            }

            if (_current.Keys.TryGetValue(key, out var first))
            {
                Error(line, token.Column, $"'{key}' is already given on line {first.Line}: give all its values once, separated by commas (e.g. {key}=a,b)");
                continue;
            }

            _current.Keys[key] = (line, token.Column);
            var value = new Token(token.Text[(equals + 1)..], token.Column + equals + 1);
            if (value.Text.Length == 0)
            {
                Error(line, value.Column, $"'{key}=' needs a value, e.g. {RuleFileValueReader.Example(key)}");
                continue;
            }

            var elements = Split(value);
            var empty = elements.FindIndex(e => e.Text.Length == 0);
            if (empty >= 0)
            {
                Error(line, elements[empty].Column, "an empty value between commas: remove the extra comma");
                continue;
            }

            if (onWhen)
            {
                _current.When = values.Condition(key, elements, _current.When);
            }
            else
            {
                _current.Then = values.Action(key, elements, _current.Then);
            }
        }
    }

    private static List<Token> Split(Token value)
    {
        var elements = new List<Token>();
        var start = 0;
        for (var i = 0; i <= value.Text.Length; i++)
        {
            if (i == value.Text.Length || value.Text[i] == ',')
            {
                elements.Add(new Token(value.Text[start..i], value.Column + start));
                start = i + 1;
            }
        }

        return elements;
    }

    private static List<Token> Tokenize(string raw)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] is ' ' or '\t')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < raw.Length && raw[i] is not (' ' or '\t'))
            {
                i++;
            }

            tokens.Add(new Token(raw[start..i], start + 1));
        }

        return tokens;
    }
}
