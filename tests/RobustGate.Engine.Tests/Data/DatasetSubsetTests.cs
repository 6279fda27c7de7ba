using RobustGate.Engine.Data;

namespace RobustGate.Engine.Tests.Data;

public class DatasetSubsetTests
{
    private static int[] Labels(int count, int classes) => Enumerable.Range(0, count).Select(i => (i * 7) % classes).ToArray();

    [Fact]
    public void Same_inputs_give_the_same_sorted_subset_of_exact_size()
    {
        int[] labels = Labels(1000, 10);
        int[] first = DatasetSubset.Stratified(labels, 100, 42);
        int[] second = DatasetSubset.Stratified(labels, 100, 42);
        Assert.Equal(first, second);
        Assert.Equal(100, first.Length);
        Assert.Equal(first.Order(), first);
        Assert.Equal(100, first.Distinct().Count());
        Assert.NotEqual(first, DatasetSubset.Stratified(labels, 100, 43));
    }

    [Fact]
    public void Classes_are_balanced_and_leftovers_go_to_the_lowest_labels()
    {
        int[] labels = Labels(1000, 10);
        int[] subset = DatasetSubset.Stratified(labels, 105, 1);
        var counts = subset.GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([11, 11, 11, 11, 11, 10, 10, 10, 10, 10], counts);
    }

    [Fact]
    public void Small_classes_give_up_their_places_to_the_others()
    {
        // Class 2 has only 3 members; a limit of 30 takes all of them and shares the rest.
        int[] labels = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 50), .. Enumerable.Repeat(2, 3)];
        int[] subset = DatasetSubset.Stratified(labels, 30, 7);
        Assert.Equal(30, subset.Length);
        Assert.Equal(3, subset.Count(i => labels[i] == 2));
        Assert.Equal(13, subset.Count(i => labels[i] == 1));
        Assert.Equal(14, subset.Count(i => labels[i] == 0));
    }

    [Fact]
    public void A_smaller_limit_picks_a_subset_of_a_larger_one()
    {
        int[] labels = Labels(500, 7);
        int[] large = DatasetSubset.Stratified(labels, 200, 3);
        for (int limit = 0; limit <= 200; limit += 13)
        {
            Assert.Subset(large.ToHashSet(), DatasetSubset.Stratified(labels, limit, 3).ToHashSet());
        }
    }

    [Fact]
    public void A_limit_at_or_above_the_count_returns_everything()
    {
        Assert.Equal([0, 1, 2, 3], DatasetSubset.Stratified([3, 1, 3, 0], 4, 9));
        Assert.Equal([0, 1, 2, 3], DatasetSubset.Stratified([3, 1, 3, 0], 100, 9));
        Assert.Empty(DatasetSubset.Stratified([3, 1, 3, 0], 0, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSubset.Stratified([1], -1, 0));
    }

    [Fact]
    public void Result_is_pinned_for_a_fixed_seed()
    {
        // Pins the documented algorithm: a change here changes every report's sample.
        int[] labels = Labels(40, 4);
        Assert.Equal(PinnedSubset, DatasetSubset.Stratified(labels, 8, 2026));
    }

    private static readonly int[] PinnedSubset = ComputeExpected();

    /// <summary>The documented algorithm written out independently: shuffle per class, deal round-robin, sort.</summary>
    private static int[] ComputeExpected()
    {
        int[] labels = Labels(40, 4);
        var taken = new List<int>();
        var perClass = new List<int[]>();
        for (int c = 0; c < 4; c++)
        {
            int[] members = Enumerable.Range(0, 40).Where(i => labels[i] == c).ToArray();
            var random = SplitMix64.ForStream(2026, (ulong)c);
            for (int i = members.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }

            perClass.Add(members);
        }

        for (int round = 0; taken.Count < 8; round++)
        {
            foreach (int[] members in perClass)
            {
                if (taken.Count < 8)
                {
                    taken.Add(members[round]);
                }
            }
        }

        return [.. taken.Order()];
    }
}
