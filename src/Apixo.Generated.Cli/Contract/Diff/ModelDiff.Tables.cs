using System.Globalization;
using Apixo.Generated.Contract.Model;
using YamlDotNet.RepresentationModel;
using static Apixo.Generated.Cli.Contract.Diff.YamlNodes;

namespace Apixo.Generated.Cli.Contract.Diff;

internal sealed partial class ModelDiff
{
    private const string Behaviour = "the wire is the same, the behaviour is not";

    private void CompareFailCodes()
    {
        YamlMappingNode? CodeEntry(YamlNode root, string code) => Entry(root, "x-apixo-fail-codes", "code", code);
        foreach (var added in _new.FailCodes.Codes.Where(c => _old.FailCodes.Codes.All(o => o.Code != c.Code)))
        {
            Add(ChangeKind.Additive, "x-apixo-fail-codes", $"fail code '{added.Code}' documented: `FailCode.{added.Name}` (FailCode keeps any string, so today's client reads it)", Line(root => CodeEntry(root, added.Code)));
        }

        foreach (var removed in _old.FailCodes.Codes.Where(c => _new.FailCodes.Codes.All(n => n.Code != c.Code)))
        {
            // FailCode keeps any string, so the code still reads, but its named member is no longer generated.
            Add(ChangeKind.Breaking, "x-apixo-fail-codes", $"fail code '{removed.Code}' no longer documented: it still reads, but `FailCode.{removed.Name}` is gone", Removed(root => CodeEntry(root, removed.Code), root => Holding(root, "x-apixo-fail-codes")));
        }

        foreach (var code in _new.FailCodes.Codes)
        {
            if (_old.FailCodes.Codes.FirstOrDefault(o => o.Code == code.Code) is not { } old)
            {
                continue;
            }

            var where = $"fail code '{code.Code}'";
            if (old.Name != code.Name)
            {
                Add(ChangeKind.Breaking, where, $"member `FailCode.{old.Name}` renamed `FailCode.{code.Name}` (its `name`): code that names it stops compiling", Line(root => CodeEntry(root, code.Code), "name"));
            }

            if (old.RetryClassName != code.RetryClassName)
            {
                Add(ChangeKind.Additive, where, $"retry class {old.RetryClassName} → {code.RetryClassName}: the client's advice after this failure changes ({Behaviour})", Line(root => CodeEntry(root, code.Code), "retry"));
            }

            foreach (var alias in code.Aliases.Except(old.Aliases))
            {
                Add(ChangeKind.Additive, where, $"alias '{alias}' added: `FailCode.{code.Name}` now also matches it ({Behaviour})", Line(root => CodeEntry(root, code.Code), "aliases"));
            }

            foreach (var alias in old.Aliases.Except(code.Aliases))
            {
                Add(ChangeKind.Additive, where, $"alias '{alias}' removed: `FailCode.{code.Name}` no longer matches it ({Behaviour})", Line(root => CodeEntry(root, code.Code), "aliases"));
            }

            if (old.Meaning != code.Meaning || old.Advice != code.Advice)
            {
                Add(ChangeKind.Cosmetic, where, old.Meaning != code.Meaning ? "meaning changed (text)" : "advice changed (text)", Line(root => CodeEntry(root, code.Code), old.Meaning != code.Meaning ? "meaning" : "advice"));
            }
        }

        foreach (var retryClass in _new.FailCodes.RetryClasses)
        {
            if (_old.FailCodes.RetryClasses.FirstOrDefault(r => r.Key == retryClass.Key) is { } old && old.Name != retryClass.Name)
            {
                Add(ChangeKind.Breaking, "x-apixo-retry-classes", $"member `FailRetryClass.{old.Name}` renamed `FailRetryClass.{retryClass.Name}`", Line(root => Child(root, "x-apixo-retry-classes"), retryClass.Key));
            }
        }

        foreach (var added in _new.FailCodes.RetryClasses.Where(r => _old.FailCodes.RetryClasses.All(o => o.Key != r.Key)))
        {
            Add(ChangeKind.Additive, "x-apixo-retry-classes", $"retry class '{added.Key}' added: `FailRetryClass.{added.Name}`", Line(root => Child(root, "x-apixo-retry-classes"), added.Key));
        }

        foreach (var removed in _old.FailCodes.RetryClasses.Where(r => _new.FailCodes.RetryClasses.All(n => n.Key != r.Key)))
        {
            Add(ChangeKind.Breaking, "x-apixo-retry-classes", $"retry class '{removed.Key}' removed: `FailRetryClass.{removed.Name}` is gone", Removed(root => KeyNode(Child(root, "x-apixo-retry-classes"), removed.Key), root => KeyNode(root, "x-apixo-retry-classes")));
        }
    }

    private void CompareHttpErrors()
    {
        static YamlMappingNode? ErrorEntry(YamlNode root, int status) =>
            AllHolding(Child(Child(root, "components"), "responses"), "x-apixo-error").Select(r => Child(r, "x-apixo-error") as YamlMappingNode)
                .FirstOrDefault(e => Scalar(Child(e, "status")) == status.ToString(CultureInfo.InvariantCulture));

        foreach (var added in _new.HttpErrors.Where(e => _old.HttpErrors.All(o => o.Status != e.Status)))
        {
            Add(ChangeKind.Additive, $"HTTP {added.Status}", $"error {added.Status} documented: `ApixoErrorKind.{added.Kind}` (retryable: {Yes(added.Retryable)}, nothing created: {Yes(added.NothingCreated)})", Line(root => ErrorEntry(root, added.Status)));
        }

        foreach (var removed in _old.HttpErrors.Where(e => _new.HttpErrors.All(n => n.Status != e.Status)))
        {
            Add(ChangeKind.Breaking, $"HTTP {removed.Status}", $"error {removed.Status} no longer documented: `ApixoErrorKind.{removed.Kind}` is gone", Removed(root => ErrorEntry(root, removed.Status), root => KeyNode(Child(root, "components"), "responses")));
        }

        foreach (var error in _new.HttpErrors)
        {
            if (_old.HttpErrors.FirstOrDefault(o => o.Status == error.Status) is not { } old)
            {
                continue;
            }

            var where = $"HTTP {error.Status}";
            if (old.Kind != error.Kind)
            {
                Add(ChangeKind.Breaking, where, $"member `ApixoErrorKind.{old.Kind}` renamed `ApixoErrorKind.{error.Kind}` (x-apixo-error kind): code that names it stops compiling", Line(root => ErrorEntry(root, error.Status), "kind"));
            }

            if (old.Retryable != error.Retryable)
            {
                Add(ChangeKind.Additive, where, error.Retryable
                    ? $"retryable no → yes: the client now repeats a call answered {error.Status}{(error.NothingCreated ? string.Empty : " (a status call; a submit's outcome stays unknown, since a task may have been created)")} ({Behaviour})"
                    : $"retryable yes → no: the client no longer repeats a call answered {error.Status} ({Behaviour})",
                    Line(root => ErrorEntry(root, error.Status), "retryable"));
            }

            if (old.NothingCreated != error.NothingCreated)
            {
                var retried = error.Retryable ? "so a submit answered so is now repeated" : "it is not retryable, so nothing is repeated either way";
                Add(ChangeKind.Additive, where, error.NothingCreated
                    ? $"nothing-created no → yes: a submit answered {error.Status} is known to have created no task, {retried} ({Behaviour})"
                    : $"nothing-created yes → no: a submit answered {error.Status} may have created a (billed) task, so it is never repeated and its outcome is reported unknown ({Behaviour})",
                    Line(root => ErrorEntry(root, error.Status), "nothing-created"));
            }

            if (old.Meaning != error.Meaning || old.Advice != error.Advice)
            {
                Add(ChangeKind.Cosmetic, where, old.Meaning != error.Meaning ? "meaning changed (text)" : "advice changed (text)", Line(root => ErrorEntry(root, error.Status), old.Meaning != error.Meaning ? "meaning" : "advice"));
            }
        }
    }

    private static string Yes(bool value) => value ? "yes" : "no";

    private void ComparePricing()
    {
        var (old, current) = (_old.Pricing, _new.Pricing);
        YamlNode? Prices(YamlNode root) => Child(Child(Holding(root, "x-apixo-pricing"), "x-apixo-pricing"), "prices");
        if (old.Currency != current.Currency || old.Unit != current.Unit)
        {
            Add(ChangeKind.Additive, "x-apixo-pricing", $"prices are now in {current.Currency} per {current.Unit} (were {old.Currency} per {old.Unit}) ({Behaviour})", Line(root => Child(Holding(root, "x-apixo-pricing"), "x-apixo-pricing"), old.Currency != current.Currency ? "currency" : "unit"));
        }

        foreach (var price in current.Prices)
        {
            var was = old.Prices.FirstOrDefault(p => p.Wire == price.Wire);
            if (was is null)
            {
                Add(ChangeKind.Additive, "x-apixo-pricing", $"`{price.Wire}` price {Amount(price.Amount)} {current.Currency} added", Line(Prices, price.Wire));
            }
            else if (Amount(was.Amount) != Amount(price.Amount))
            {
                Add(ChangeKind.Additive, "x-apixo-pricing", $"`{price.Wire}` price {Amount(was.Amount)} → {Amount(price.Amount)} {current.Currency} ({Behaviour}: estimates and `apixo cost` change)", Line(Prices, price.Wire));
            }
        }

        foreach (var removed in old.Prices.Where(p => current.Prices.All(n => n.Wire != p.Wire)))
        {
            Add(ChangeKind.Additive, "x-apixo-pricing", $"`{removed.Wire}` price {Amount(removed.Amount)} {old.Currency} removed", Removed(root => KeyNode(Prices(root), removed.Wire), Prices));
        }
    }

    /// <summary>A price as the contract writes it (the model holds a C# decimal literal, <c>0.03m</c>).</summary>
    private static string Amount(string literal) =>
        decimal.TryParse(literal.TrimEnd('m', 'M'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value.ToString(CultureInfo.InvariantCulture) : literal;

    private void ComparePolling()
    {
        YamlNode? Tier(YamlNode root, string wire) => Child(Child(Holding(root, "x-apixo-polling"), "x-apixo-polling"), wire);
        foreach (var tier in _new.Polling.Tiers)
        {
            if (_old.Polling.Tiers.FirstOrDefault(t => t.Wire == tier.Wire) is not { } old)
            {
                Add(ChangeKind.Additive, "x-apixo-polling", $"`{tier.Wire}` schedule added: first poll {tier.FirstPollSeconds} s, then every {tier.IntervalSeconds} s", Line(root => KeyNode(Child(Holding(root, "x-apixo-polling"), "x-apixo-polling"), tier.Wire)));
                continue;
            }

            void Compare(string what, string key, string before, string after)
            {
                if (before != after)
                {
                    Add(ChangeKind.Additive, "x-apixo-polling", $"`{tier.Wire}` {what} {before} → {after} ({Behaviour}: the client waits on the new schedule)", Line(root => Tier(root, tier.Wire), key));
                }
            }

            Compare("first poll", "first-poll-seconds", $"{old.FirstPollSeconds} s", $"{tier.FirstPollSeconds} s");
            Compare("poll interval", "interval-seconds", $"{old.IntervalSeconds} s", $"{tier.IntervalSeconds} s");
            Compare("typical time", "typical-seconds", $"{old.TypicalMinSeconds}–{old.TypicalMaxSeconds} s", $"{tier.TypicalMinSeconds}–{tier.TypicalMaxSeconds} s");
        }

        foreach (var removed in _old.Polling.Tiers.Where(t => _new.Polling.Tiers.All(n => n.Wire != t.Wire)))
        {
            Add(ChangeKind.Additive, "x-apixo-polling", $"`{removed.Wire}` schedule removed", Removed(root => KeyNode(Child(Holding(root, "x-apixo-polling"), "x-apixo-polling"), removed.Wire), root => KeyNode(Holding(root, "x-apixo-polling"), "x-apixo-polling")));
        }
    }

    private void CompareService()
    {
        if (_old.Service.ResultTtlHours != _new.Service.ResultTtlHours)
        {
            Add(ChangeKind.Additive, "x-apixo-result-ttl-hours", $"result URLs live {_old.Service.ResultTtlHours} h → {_new.Service.ResultTtlHours} h ({Behaviour})", Line(root => Holding(root, "x-apixo-result-ttl-hours"), "x-apixo-result-ttl-hours"));
        }
    }

    /// <summary>
    /// How APIXO delivers callbacks sizes the webhook receiver's windows (GptImage2CallbackDelivery): each value that
    /// changes keeps every member and changes what the receiver accepts, so it is additive, named old → new.
    /// </summary>
    private void CompareCallbackDelivery()
    {
        var (old, current) = (_old.CallbackDelivery, _new.CallbackDelivery);
        void Compare(string what, string key, string before, string after, string consequence)
        {
            if (before != after)
            {
                Add(ChangeKind.Additive, "x-apixo-callback-delivery", $"{what} {before} → {after}: {consequence} ({Behaviour})", Line(root => Child(Holding(root, "x-apixo-callback-delivery"), "x-apixo-callback-delivery"), key));
            }
        }

        const string Windows = "the receiver's shortest retry span, and so the windows it accepts at start-up, change";
        Compare("answer timeout", "timeout-seconds", $"{old.TimeoutSeconds} s", $"{current.TimeoutSeconds} s", "how long a receiver has to answer 200");
        Compare("max retries", "max-retries", old.MaxRetries.ToString(CultureInfo.InvariantCulture), current.MaxRetries.ToString(CultureInfo.InvariantCulture), Windows);
        Compare("first retry after", "first-retry-after-seconds", $"{old.FirstRetryAfterSeconds} s", $"{current.FirstRetryAfterSeconds} s", Windows);
        Compare("retry delays", "retry-delays", old.RetryDelays, current.RetryDelays, Windows);
        Compare("signed", "signed", Yes(old.Signed), Yes(current.Signed), "the receiver still trusts no callback without a status call");
    }
}
