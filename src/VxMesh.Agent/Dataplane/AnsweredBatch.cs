using VxMesh.Netlink;

namespace VxMesh.Agent.Dataplane;

/// <summary>
/// One batch of rtnetlink requests sent by a worker thread while the caller takes the answers in
/// order as each sendmsg's ACKs arrive: the kernel handles a chunk inside sendmsg, so the caller's
/// bookkeeping for the answers it has (the reconciler recording them in its model) runs on the
/// other core instead of after the whole batch.
/// </summary>
internal sealed class AnsweredBatch
{
    /// <summary>Requests below which the batch is sent on the caller's thread (a peer's change is a handful).</summary>
    public const int InlineBelow = 512;

    private readonly NetlinkResult[] results;
    private readonly Task worker;
    private readonly object gate = new();
    private int answered;
    private bool done;

    private AnsweredBatch(RtnlClient rtnl, IReadOnlyList<NetlinkRequest> requests)
    {
        results = new NetlinkResult[requests.Count];
        void Send()
        {
            try
            {
                rtnl.Execute(requests, results, Answered);
            }
            finally
            {
                // A socket failure ends the batch early: wake the caller so it sees the fault.
                lock (gate)
                {
                    done = true;
                    Monitor.PulseAll(gate);
                }
            }
        }
        // A small batch is one or two sendmsg: nothing to overlap, and a hand-off would cost more than it saves.
        if (requests.Count < InlineBelow)
        {
            worker = Task.CompletedTask;
            Send();
        }
        else
        {
            worker = Task.Run(Send);
        }
    }

    public static AnsweredBatch Start(RtnlClient rtnl, IReadOnlyList<NetlinkRequest> requests) => new(rtnl, requests);

    /// <summary>The answer to request <paramref name="index"/>, waiting for its chunk; rethrows the worker's failure.</summary>
    public NetlinkResult this[int index]
    {
        get
        {
            lock (gate)
            {
                while (answered <= index && !done)
                {
                    Monitor.Wait(gate);
                }
                if (answered > index)
                {
                    return results[index];
                }
            }
            worker.GetAwaiter().GetResult();
            throw new InvalidOperationException($"the batch ended without answering request #{index}");
        }
    }

    /// <summary>Waits for the worker (it may still be draining after the last answer was read).</summary>
    public void Finish() => worker.GetAwaiter().GetResult();

    private void Answered(int count)
    {
        lock (gate)
        {
            answered = count;
            Monitor.PulseAll(gate);
        }
    }
}
