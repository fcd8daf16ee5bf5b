using NewsMonitor.Azure.Language;

namespace NewsMonitor.Azure.Tests;

public sealed class TextPartsTests
{
    private static List<string> Parts(string text, int max) => TextParts.Split(text, max).Select(p => text.Substring(p.Start, p.Length)).ToList();

    [Fact]
    public void Split_PrefersParagraphThenSentenceThenWordEnds()
    {
        Assert.Equal(["Một hai ba.\n", "Bốn năm."], Parts("Một hai ba.\nBốn năm.", 15));
        Assert.Equal(["Một hai ba. ", "Bốn năm sáu bảy."], Parts("Một hai ba. Bốn năm sáu bảy.", 16));
        Assert.Equal(["một hai ba bốn ", "năm sáu"], Parts("một hai ba bốn năm sáu", 16));
    }

    [Fact]
    public void Split_TextWithinTheLimit_IsOnePart_EvenWhenEmpty()
    {
        Assert.Equal([(0, 0)], TextParts.Split("", 10));
        Assert.Equal([(0, 10)], TextParts.Split("0123456789", 10));
    }

    [Fact]
    public void Split_WithoutSpaces_CutsBetweenTextElementsOnly()
    {
        // "ệ" written as e + two combining marks, and an emoji (a surrogate pair): no cut may separate them.
        var text = string.Concat(Enumerable.Repeat("Vie\u0323\u0302t😀", 20));
        var parts = Parts(text, 9);
        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p =>
        {
            Assert.InRange(p.Length, 1, 9);
            Assert.False(char.IsHighSurrogate(p[^1]));
            Assert.False(char.IsLowSurrogate(p[0]) || p[0] is '\u0323' or '\u0302');
        });
    }
}
