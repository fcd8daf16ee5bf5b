using NewsMonitor.Text;

namespace NewsMonitor.Core.Tests;

public class VietnameseTextTests
{
    [Theory]
    [InlineData("Y_tế sẽ là trụ_cột", "Y tế sẽ là trụ cột")]
    [InlineData("bà Emily_Hamblin , Tổng_lãnh_sự", "bà Emily Hamblin , Tổng lãnh sự")]
    [InlineData("khu_vực ASEAN_Anh tài_trợ", "khu vực ASEAN Anh tài trợ")]
    public void Clean_SegmentedText_RemovesUnderscores(string input, string expected) =>
        Assert.Equal(expected, VietnameseText.Clean(input));

    [Theory]
    [InlineData("xem https://example.com/a_b_c.html nhé")]
    [InlineData("gửi về ho_ten@example.vn")]
    [InlineData("trường user_id trong bảng")]
    public void Clean_UrlsEmailsIdentifiers_KeepUnderscores(string input) =>
        Assert.Equal(input, VietnameseText.Clean(input));

    [Fact]
    public void Clean_EntitiesZeroWidthAndControls_AreRemoved()
    {
        Assert.Equal("Việt Nam & Anh", VietnameseText.Clean("Việt\u200B Nam &amp; Anh\u0007"));
        Assert.Equal("a b", VietnameseText.Clean("a\u00A0\u00A0b"));
    }

    [Fact]
    public void Clean_DecomposedInput_ReturnsNfc()
    {
        var nfd = "hợp tác".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal("hợp tác", VietnameseText.Clean(nfd));
    }

    [Theory]
    [InlineData("hoà", "hòa")]
    [InlineData("thuỷ", "thủy")]
    [InlineData("Hoà bình", "Hòa bình")]
    [InlineData("khoẻ", "khỏe")]
    [InlineData("quý", "qúy")]
    public void MatchKey_TonePlacementVariants_AreEqual(string a, string b) =>
        Assert.Equal(VietnameseText.MatchKey(a), VietnameseText.MatchKey(b));

    [Fact]
    public void MatchKey_KeepsDisplayTextSeparate()
    {
        Assert.Equal("Hoà bình", VietnameseText.Clean("Hoà bình"));
        Assert.Equal("hoà bình", VietnameseText.MatchKey("Hoà, bình!"));
    }

    [Fact]
    public void AsciiKey_RemovesDiacritics() => Assert.Equal("hoc bong du hoc dai hoc", VietnameseText.AsciiKey("Học bổng du học Đại học"));
}

public class SentenceSplitterTests
{
    [Fact]
    public void Split_KeepsAbbreviationsNumbersAndDates()
    {
        var s = SentenceSplitter.Split("Ngày 30/10, TS. Nguyễn Văn A và PGS.TS Trần B làm việc tại TP.HCM. Anh tài trợ 75.000 bảng. Hội nghị diễn ra ngày 1/11.");
        Assert.Equal(["Ngày 30/10, TS. Nguyễn Văn A và PGS.TS Trần B làm việc tại TP.HCM.", "Anh tài trợ 75.000 bảng.", "Hội nghị diễn ra ngày 1/11."], s);
    }

    [Fact]
    public void Split_KeepsQuotedSpeechTogether()
    {
        var s = SentenceSplitter.Split("“Y tế sẽ là trụ cột. Chúng tôi cam kết hỗ trợ”, bà nói. Sau đó đoàn rời đi.");
        Assert.Equal(2, s.Count);
        Assert.StartsWith("“Y tế sẽ là trụ cột. Chúng tôi", s[0]);
    }

    [Fact]
    public void Split_ParagraphsAreSentenceBoundaries() =>
        Assert.Equal(2, SentenceSplitter.Split("Đoạn một không có dấu chấm\nĐoạn hai.").Count);
}

public class ToneKeyConsistencyTests
{
    [Fact]
    public void CanonicalSyllable_TableFastPath_AgreesWithDecomposition_OnEverySeedWord()
    {
        var words = Directory.GetFiles(NewsMonitor.Tests.RepoPaths.Seeds).SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f).Normalize(System.Text.NormalizationForm.FormC), @"\p{L}+").Select(m => m.Value)).Distinct().ToList();
        Assert.True(words.Count > 500, $"{words.Count} words");
        foreach (var w in words) Assert.Equal(VietnameseText.CanonicalSyllableSlow(w), VietnameseText.CanonicalSyllable(w));
    }
}

public class LegacyEncodingTests
{
    [Theory]
    [InlineData("Hîp t¸c gi÷a ViÖt Nam vµ Anh lµ mét trong nh÷ng ­u tiªn cña c¸c bªn, ®\u00ADîc hai n\u00ADíc ký kÕt.", "TCVN3")]
    [InlineData("Hôïp taùc giöõa Vieät Nam vaø Anh laø moät trong nhöõng öu tieân cuûa caùc beân, ñöôïc hai nöôùc kyù keát.", "VNI")]
    public void Detect_LegacyFontEncodings_AreFlagged(string text, string encoding) => Assert.Equal(encoding, LegacyEncodingDetector.Detect(text));

    [Theory]
    [InlineData("Hợp tác giữa Việt Nam và Anh là một trong những ưu tiên của các bên, được hai nước ký kết.")]
    [InlineData("Cooperation between Vietnam and the UK is one of the priorities of both sides.")]
    [InlineData("")]
    public void Detect_UnicodeAndOtherText_IsNotFlagged(string text) => Assert.Null(LegacyEncodingDetector.Detect(text));
}
