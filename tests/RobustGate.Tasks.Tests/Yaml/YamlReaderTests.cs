using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.Yaml;

public sealed class YamlReaderTests
{
    private static Dictionary<string, object?> Map(object? node) => Assert.IsType<Dictionary<string, object?>>(node);

    private static List<object?> Seq(object? node) => Assert.IsType<List<object?>>(node);

    [Fact]
    public void Reads_mappings_sequences_scalars_and_comments()
    {
        var root = Map(YamlReader.Parse("""
            # comment
            name: ci   # trailing comment
            on:
              push:
                branches: [main, "release/*"]
              pull_request:
            quoted: 'it''s "fine"'
            escaped: "a\tb # not a comment"
            list:
            - one
            - key: value
              other: 2
            -
              nested: [ ]
            flow: {a: 1, b: 'x'}
            """, "t.yml"));
        Assert.Equal("ci", root["name"]);
        var on = Map(root["on"]);
        Assert.Equal(["main", "release/*"], Seq(Map(on["push"])["branches"]).Cast<string>());
        Assert.Null(on["pull_request"]);
        Assert.Equal("it's \"fine\"", root["quoted"]);
        Assert.Equal("a\tb # not a comment", root["escaped"]);
        var list = Seq(root["list"]);
        Assert.Equal("one", list[0]);
        Assert.Equal("2", Map(list[1])["other"]);
        Assert.Empty(Seq(Map(list[2])["nested"]));
        Assert.Equal("x", Map(root["flow"])["b"]);
    }

    [Fact]
    public void Reads_block_scalars_with_their_chomping()
    {
        var root = Map(YamlReader.Parse("""
            steps:
              - run: |
                  set -e
                  # a bash comment stays
                  if true; then
                    echo "a: b"
                  fi

              - run: >-
                  one
                  two
              - keep: |+
                  x

            tail: end
            """, "t.yml"));
        var steps = Seq(root["steps"]);
        Assert.Equal("set -e\n# a bash comment stays\nif true; then\n  echo \"a: b\"\nfi\n", Map(steps[0])["run"]);
        Assert.Equal("one two", Map(steps[1])["run"]);
        Assert.Equal("x\n\n", Map(steps[2])["keep"]);
        Assert.Equal("end", root["tail"]);
    }

    [Theory]
    [InlineData("a: 1\na: 2", "t.yml:2: duplicate key 'a'")]
    [InlineData("a: 1\n  b: 2", "t.yml:2: unexpected indentation")]
    [InlineData("a:\n\t- x", "t.yml:2: tabs are not allowed")]
    [InlineData("a: &anchor x", "t.yml:1: unsupported YAML construct")]
    [InlineData("a: [1, 2", "t.yml:1: a flow sequence must close on its line")]
    [InlineData("just a scalar line", "t.yml:1: expected 'key: value'")]
    public void Rejects_what_it_does_not_understand_with_the_line(string yaml, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => YamlReader.Parse(yaml, "t.yml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
