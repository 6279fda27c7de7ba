using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Autograd;

/// <summary>
/// Runs reverse-mode differentiation from one tensor: collects the nodes reachable from it,
/// processes them in topological order (each node once, after all its consumers), sums gradients
/// that reach a tensor along several paths, and accumulates leaf gradients into
/// <see cref="Tensor.Grad"/> as PyTorch does. The processing order depends only on the graph, so
/// results do not depend on threads. Unless the graph is retained, each node releases its saved
/// tensors as soon as it has run, and intermediate gradients are disposed when consumed.
/// </summary>
internal static class BackwardEngine
{
    /// <summary>
    /// Back-propagates from <paramref name="root"/>. Without <paramref name="targets"/>, every leaf
    /// that requires grad accumulates into its <see cref="Tensor.Grad"/> (Tensor.Backward). With
    /// targets, only the gradients of those tensors are computed and returned (in order; null where
    /// no path leads to one), no .Grad is touched, and nodes that lead to no target are skipped, so
    /// e.g. an input gradient does not pay for weight gradients.
    /// </summary>
    public static Tensor?[] Run(Tensor root, Tensor? gradient, bool retainGraph, IReadOnlyList<Tensor>? targets = null)
    {
        if (!root.RequiresGrad)
        {
            throw new InvalidOperationException("Backward() on a tensor that does not require grad and has no grad_fn.");
        }

        Tensor seed;
        if (gradient is null)
        {
            if (root.Numel != 1)
            {
                throw new InvalidOperationException($"Backward() without a gradient needs a scalar; shape is {ShapeUtil.Format(root.ShapeRef)}.");
            }

            seed = Tensor.Ones(root.ShapeRef);
        }
        else
        {
            if (!ShapeUtil.SameShape(gradient.ShapeRef, root.ShapeRef))
            {
                throw new ArgumentException($"Gradient shape {ShapeUtil.Format(gradient.ShapeRef)} does not match {ShapeUtil.Format(root.ShapeRef)}.");
            }

            seed = gradient.Clone();
        }

        // Gradients are never recorded themselves (no double backward).
        using var noGrad = new NoGrad();
        var results = targets is null ? null : new Tensor?[targets.Count];
        var targetIndex = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        if (targets is not null)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                if (!targetIndex.TryAdd(targets[i], i))
                {
                    throw new ArgumentException("The same tensor appears twice among the gradient targets.", nameof(targets));
                }
            }
        }

        if (root.GradFn is null)
        {
            Deliver(root, seed, results, targetIndex);
            return results ?? [];
        }

        var order = TopologicalOrder(root.GradFn);
        var useful = results is null ? null : UsefulNodes(order, targetIndex);

        // Targets produced by an op receive the summed gradient of their node's output.
        var producedTargets = new Dictionary<GradNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var (t, i) in targetIndex)
        {
            if (t.GradFn is { } producer)
            {
                producedTargets[producer] = i;
            }
        }

        var pending = new Dictionary<GradNode, Tensor>(ReferenceEqualityComparer.Instance) { [root.GradFn] = seed };
        foreach (var node in order)
        {
            if (!pending.Remove(node, out var grad))
            {
                // No path from the root delivered a gradient (all consumers skipped it).
                if (!retainGraph)
                {
                    node.Release();
                }

                continue;
            }

            if (results is not null && producedTargets.TryGetValue(node, out var slot))
            {
                results[slot] = grad.Clone();
            }

            if (useful is not null && !useful.Contains(node))
            {
                grad.Dispose();
                if (!retainGraph)
                {
                    node.Release();
                }

                continue;
            }

            var inputs = node.Inputs;
            var needs = node.NeedsGrad;
            if (useful is not null)
            {
                needs = new bool[inputs.Length];
                for (var i = 0; i < inputs.Length; i++)
                {
                    needs[i] = node.NeedsGrad[i] && (targetIndex.ContainsKey(inputs[i]) || (inputs[i].GradFn is { } p && useful.Contains(p)));
                }
            }

            var grads = node.Apply(grad, needs);
            for (var i = 0; i < inputs.Length; i++)
            {
                var g = grads[i];
                if (g is null || !needs[i])
                {
                    continue;
                }

                var input = inputs[i];
                if (!ShapeUtil.SameShape(g.ShapeRef, input.ShapeRef))
                {
                    throw new InvalidOperationException(
                        $"Backward of {node.Name} produced a gradient of shape {ShapeUtil.Format(g.ShapeRef)} for an input of shape {ShapeUtil.Format(input.ShapeRef)}.");
                }

                // Each returned gradient is its own reference, even when it is the incoming one.
                var owned = ReferenceEquals(g, grad) || Array.IndexOf(grads, g) < i ? g.ShareAs(g.ShapeRef) : g;
                if (input.GradFn is { } producer)
                {
                    if (pending.TryGetValue(producer, out var existing))
                    {
                        pending[producer] = Sum(existing, owned);
                    }
                    else
                    {
                        pending[producer] = owned;
                    }
                }
                else
                {
                    Deliver(input, owned, results, targetIndex);
                }
            }

            grad.Dispose();
            if (!retainGraph)
            {
                node.Release();
            }
        }

        foreach (var leftover in pending.Values)
        {
            leftover.Dispose();
        }

        if (results is not null)
        {
            // Returned gradients must own their buffers (a + b hands both operands one buffer).
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i] is { } r && r.Storage.References > 1)
                {
                    results[i] = r.Clone();
                    r.Dispose();
                }
            }
        }

        return results ?? [];
    }

    /// <summary>A leaf's gradient goes to its .Grad, or to the result slot when gradients were asked for.</summary>
    private static void Deliver(Tensor leaf, Tensor g, Tensor?[]? results, Dictionary<Tensor, int> targetIndex)
    {
        if (results is null)
        {
            AccumulateLeaf(leaf, g);
            return;
        }

        if (!targetIndex.TryGetValue(leaf, out var slot))
        {
            g.Dispose();
            return;
        }

        results[slot] = results[slot] is { } existing ? Sum(existing, g) : g;
    }

    /// <summary>Nodes from which some target is reachable (order lists consumers before producers).</summary>
    private static HashSet<GradNode> UsefulNodes(List<GradNode> order, Dictionary<Tensor, int> targets)
    {
        var useful = new HashSet<GradNode>(ReferenceEqualityComparer.Instance);
        for (var k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            foreach (var input in node.Inputs)
            {
                if (targets.ContainsKey(input) || (input.GradFn is { } p && useful.Contains(p)))
                {
                    useful.Add(node);
                    break;
                }
            }
        }

        return useful;
    }

    /// <summary>Adds <paramref name="b"/> to <paramref name="a"/>, in place when <paramref name="a"/>'s buffer is not shared; consumes both.</summary>
    private static Tensor Sum(Tensor a, Tensor b)
    {
        if (a.Storage.References == 1)
        {
            a.AddInPlace(b);
            b.Dispose();
            return a;
        }

        var s = a + b;
        a.Dispose();
        b.Dispose();
        return s;
    }

    private static void AccumulateLeaf(Tensor leaf, Tensor g)
    {
        if (!leaf.RequiresGrad)
        {
            g.Dispose();
            return;
        }

        if (leaf.Grad is null)
        {
            // The leaf's .Grad must own its buffer: optimizers update it in place.
            if (g.Storage.References == 1)
            {
                leaf.Grad = g;
            }
            else
            {
                leaf.Grad = g.Clone();
                g.Dispose();
            }
        }
        else
        {
            leaf.Grad.AddInPlace(g);
            g.Dispose();
        }
    }

    /// <summary>Nodes in an order where every node comes after all nodes that consume its output.</summary>
    private static List<GradNode> TopologicalOrder(GradNode root)
    {
        // Count, for each node, how many edges from other reachable nodes point at it.
        var consumers = new Dictionary<GradNode, int>(ReferenceEqualityComparer.Instance) { [root] = 0 };
        var stack = new Stack<GradNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var input in node.Inputs)
            {
                if (input.GradFn is { } producer)
                {
                    if (consumers.TryGetValue(producer, out var count))
                    {
                        consumers[producer] = count + 1;
                    }
                    else
                    {
                        consumers[producer] = 1;
                        stack.Push(producer);
                    }
                }
            }
        }

        var order = new List<GradNode>(consumers.Count);
        var ready = new Queue<GradNode>();
        ready.Enqueue(root);
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            order.Add(node);
            foreach (var input in node.Inputs)
            {
                if (input.GradFn is { } producer)
                {
                    var left = consumers[producer] - 1;
                    consumers[producer] = left;
                    if (left == 0)
                    {
                        ready.Enqueue(producer);
                    }
                }
            }
        }

        return order;
    }
}
