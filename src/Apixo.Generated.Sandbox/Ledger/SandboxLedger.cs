namespace Apixo.Generated.Sandbox.Ledger;

/// <summary>The balance: each accepted task is billed its price when it is accepted, as APIXO does.</summary>
internal sealed class SandboxLedger(decimal balance)
{
    private readonly Lock _gate = new();
    private decimal _balance = balance;

    public decimal Balance
    {
        get
        {
            lock (_gate)
            {
                return _balance;
            }
        }
    }

    /// <summary>Takes <paramref name="price"/> from the balance; false, and nothing taken, when it is not enough.</summary>
    public bool TryCharge(decimal price)
    {
        lock (_gate)
        {
            if (_balance < price)
            {
                return false;
            }

            _balance -= price;
            return true;
        }
    }
}
