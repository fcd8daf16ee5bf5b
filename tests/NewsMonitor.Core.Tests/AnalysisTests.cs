using NewsMonitor.Analysis;
using NewsMonitor.Config;
using NewsMonitor.Tests;
using NewsMonitor.Text;

namespace NewsMonitor.Core.Tests;

public sealed class AnalyzerFixture
{
    public ArticleAnalyzer Analyzer { get; } = new(Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json")), Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer")));
}

public class AnalysisTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    private IReadOnlyList<string> Countries(string text) =>
        f.Analyzer.Countries.Find(new TokenizedText(VietnameseText.Clean(text))).Select(m => m.Code).Distinct().ToList();

    private static string[] Paragraphs(string seed) =>
        VietnameseText.Clean(File.ReadAllText(RepoPaths.Seed(seed))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("Hà Nội", "VN")]
    [InlineData("Bình Dương", "VN")] // a former province, now part of Thành phố Hồ Chí Minh
    [InlineData("Thủ Đức", "VN")] // a place in a province, not Germany
    [InlineData("Đức", "DE")] // ambiguous in running text, but an enricher already called it a place
    [InlineData("Liverpool", "GB")]
    [InlineData("Geneva", "CH")] // a venue (a seat of international organisations) is still a place of its country
    [InlineData("Xóm Núi Mây", null)]
    [InlineData("Hà Nội và Liverpool", null)] // only a whole name counts
    public void CountryOfPlace_KnowsGazetteerNamesOnly(string name, string? expected) =>
        Assert.Equal(expected, f.Analyzer.CountryOfPlace(name));

    [Fact]
    public void Seed000_IsRelevant_UkPartner_HealthEducationScience()
    {
        var a = f.Analyzer.Analyze("TP.HCM và Liverpool ký bản ghi nhớ hợp tác y tế, giáo dục", Paragraphs("000"));
        Assert.True(a.Relevant);
        Assert.Equal("GB", a.PartnerCountries[0].Code);
        Assert.NotEmpty(a.PartnerCountries[0].Evidence);
        var sectors = a.Sectors.Select(s => s.Id).ToList();
        Assert.Contains("health", sectors);
        Assert.Contains("education", sectors);
        Assert.All(a.Sectors, s => Assert.NotEmpty(s.Evidence));
        Assert.InRange(a.Summary.Count, 2, 3);
    }

    [Fact]
    public void Seed003_Segmented_IsRelevant_WithAmountInPounds()
    {
        var a = f.Analyzer.Analyze("Anh hỗ trợ TP HCM trở thành trung tâm y tế khu vực ASEAN", Paragraphs("003"));
        Assert.True(a.Relevant);
        Assert.Contains(a.PartnerCountries, c => c.Code == "GB");
        Assert.Contains(a.Amounts, x => x.Value == 75000m && x.Currency == "GBP");
        Assert.Equal("health", a.Sectors[0].Id);
    }

    [Theory]
    [InlineData("Tiền đạo Nguyễn Tuấn Anh ghi bàn cho Hoàng Anh Gia Lai.")]
    [InlineData("Anh ấy học tiếng Anh mỗi ngày, anh em trong đội đều ủng hộ.")]
    [InlineData("Cơ quan chức năng xử lý vi phạm pháp luật về mỹ phẩm, áp dụng biện pháp mạnh với thẩm mỹ viện.")]
    [InlineData("Du khách đổ về Lào Cai, Mỹ Tho và sân vận động Mỹ Đình dịp cuối tuần.")]
    [InlineData("Bài học đạo đức được cập nhật trong Nhật ký lớp học.")]
    [InlineData("Nguyên Chủ tịch nước Trần Đức Lương và bà Tô Thị Thanh Nga dự lễ ở huyện Cẩm Mỹ.")]
    [InlineData("Sáng nay, ông Mỹ và chị Lào đi chợ.")]
    public void Countries_TrapWords_AreNotCountries(string text) => Assert.Empty(Countries(text));

    [Theory]
    [InlineData("Việt Nam và Vương quốc Anh ký hiệp định.", "GB")]
    [InlineData("Đại sứ Pháp thăm Huế.", "FR")]
    [InlineData("Doanh nghiệp Hàn Quốc đầu tư vào Bắc Ninh.", "KR")]
    [InlineData("Hội nghị Kinh tế cấp cao Việt Nam - Anh cùng ngày.", "GB")]
    [InlineData("TP.HCM và Vùng Đô thị Liverpool (Anh) vừa ký Bản ghi nhớ.", "GB")]
    [InlineData("JICA tài trợ dự án đường sắt đô thị.", "JP")]
    public void Countries_RealMentions_AreFound(string text, string code) => Assert.Contains(code, Countries(text));

    [Fact]
    public void Amounts_VietnameseForms()
    {
        var a = f.Analyzer.Analyze("Tài trợ", ["Dự án có vốn 35 triệu euro, khoản vay 1,5 tỷ USD và đối ứng 200 tỷ đồng; Anh tài trợ 75.000 bảng."]);
        Assert.Contains(a.Amounts, x => x.Value == 35_000_000m && x.Currency == "EUR");
        Assert.Contains(a.Amounts, x => x.Value == 1_500_000_000m && x.Currency == "USD");
        Assert.Contains(a.Amounts, x => x.Value == 200_000_000_000m && x.Currency == "VND");
        Assert.Contains(a.Amounts, x => x.Value == 75_000m && x.Currency == "GBP");
    }

    [Fact]
    public void Amounts_AbsurdNumbers_AreIgnored() =>
        Assert.Empty(f.Analyzer.Analyze("x", ["Con số 100000000000000000000000000000 tỷ đồng không phải là một khoản tiền thật."]).Amounts);

    [Fact]
    public void NonCooperationNews_IsNotRelevant()
    {
        var a = f.Analyzer.Analyze("Động đất mạnh ở Nhật Bản", ["Một trận động đất mạnh 6,8 độ richter xảy ra ngoài khơi Nhật Bản sáng nay, chưa có thông tin thương vong.", "Cơ quan khí tượng Nhật Bản cảnh báo sóng thần ở ven biển phía bắc."]);
        Assert.False(a.Relevant);
        Assert.Empty(a.PartnerCountries);
        Assert.Contains(a.CountriesMentioned, c => c.Code == "JP");
    }
}

public class AnalysisPartnerRuleTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    private NewsMonitor.Analysis.Analysis Analyze(string title, params string[] paragraphs) => f.Analyzer.Analyze(title, paragraphs);

    [Fact]
    public void AnOrganisationVietnamJoins_IsTheSetting_NotAPartner()
    {
        var a = Analyze("Việt Nam và Nhật Bản kết thúc đàm phán song phương về việc Việt Nam gia nhập WTO",
            "Ngày 5/6, đoàn đàm phán Việt Nam và đoàn Nhật Bản đã ký kết biên bản kết thúc đàm phán song phương về việc Việt Nam gia nhập WTO.",
            "Hai bên khẳng định quan hệ hợp tác kinh tế, thương mại giữa Việt Nam và Nhật Bản sẽ tiếp tục phát triển sau khi Việt Nam gia nhập WTO.");
        Assert.True(a.Relevant);
        Assert.Equal(["JP"], a.PartnerCountries.Select(p => p.Code));
    }

    [Fact]
    public void AMeetingInGeneva_IsNotCooperationWithSwitzerland()
    {
        var a = Analyze("Đoàn Việt Nam tới Geneva đàm phán với Hoa Kỳ",
            "Đoàn đàm phán Việt Nam đã tới Geneva để đàm phán song phương với Hoa Kỳ về mở cửa thị trường.",
            "Tại Geneva, hai đoàn Việt Nam và Hoa Kỳ hợp tác chặt chẽ, ký kết biên bản thỏa thuận về thuế quan.");
        Assert.Equal(["US"], a.PartnerCountries.Select(p => p.Code));
    }

    [Fact]
    public void AnArticleNotAboutCooperation_HasNoSectorsOrEvents()
    {
        var a = Analyze("Giá rau tại chợ Hà Nội tăng mạnh", "Giá rau xanh tại các chợ ở Hà Nội tăng mạnh do mưa lớn, theo Sở Công Thương.",
            "Các hội thảo về an toàn thực phẩm và xuất khẩu nông sản sẽ được tổ chức trong tháng tới.");
        Assert.False(a.Relevant);
        Assert.Empty(a.Sectors);
        Assert.Empty(a.EventTypes);
    }
}

public class LanguageAndBadInputTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    private const string English = "The British Embassy in Hanoi and the Ministry of Health signed a memorandum of understanding on Tuesday to cooperate on training doctors, and the two sides said the programme would be funded by the United Kingdom for three years.";
    private const string Vietnamese = "Đại sứ quán Anh tại Hà Nội và Bộ Y tế đã ký bản ghi nhớ hợp tác đào tạo bác sĩ vào thứ Ba, hai bên cho biết chương trình sẽ được Vương quốc Anh tài trợ trong ba năm.";

    [Theory]
    [InlineData(Vietnamese, LanguageDetector.Vietnamese)]
    [InlineData(English, LanguageDetector.English)]
    [InlineData(Vietnamese + " " + English, LanguageDetector.Mixed)]
    [InlineData("", LanguageDetector.Undetermined)]
    [InlineData("2025 - 30/10 - 75.000", LanguageDetector.Undetermined)]
    public void Detect_TellsVietnameseEnglishAndMixed(string text, string expected) => Assert.Equal(expected, LanguageDetector.Detect(text));

    [Fact]
    public void Detect_DecomposedVietnamese_IsVietnamese() =>
        Assert.Equal(LanguageDetector.Vietnamese, LanguageDetector.Detect(Vietnamese.Normalize(System.Text.NormalizationForm.FormD)));

    [Fact]
    public void AnEnglishArticle_IsFlagged_AndNotClassifiedAsVietnameseCooperation()
    {
        var a = f.Analyzer.Analyze("UK and Vietnam sign health deal", [English]);
        Assert.Equal(LanguageDetector.English, a.Language);
        Assert.False(a.Relevant);
        var summary = SummaryBuilder.Build(new SummarySource("x", "https://x", "x", "t", null, DateTimeOffset.UnixEpoch, null, "vi"), a,
            new NewsMonitor.Domain.ClusterRef("x", true, []), NewsMonitor.Dedup.Fingerprints.Compute(English));
        Assert.Equal("en", summary.Language); // the text wins over the page's declaration
        Assert.Null(summary.MixedLanguage);
    }

    [Fact]
    public void EmptyAndMegabyteTexts_HaveADefinedOutcome()
    {
        var empty = f.Analyzer.Analyze("", []);
        Assert.False(empty.Relevant);
        Assert.Empty(empty.Summary);
        var big = string.Join('\n', Enumerable.Repeat(Vietnamese, 1 << 20 / Vietnamese.Length));
        var a = f.Analyzer.Analyze("Hợp tác y tế Việt Nam - Anh", big.Split('\n'));
        Assert.True(a.Relevant);
        Assert.Equal("GB", a.PartnerCountries[0].Code);
        Assert.True(string.Join(" ", a.Summary).Length <= 400);
    }
}

public class PeopleTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    private IReadOnlyList<(string Name, string? Title)> People(params string[] paragraphs) =>
        f.Analyzer.Analyze("Hợp tác", paragraphs).People.Select(p => (p.Name, p.Title)).ToList();

    [Fact]
    public void APlaceBeforeTheName_BelongsToTheTitle() =>
        Assert.Contains(("Mike Wharton", "Phó thị trưởng vùng đô thị Liverpool"), People("Phó thị trưởng vùng đô thị Liverpool Mike Wharton cho biết hai bên sẽ hợp tác."));

    [Fact]
    public void PlacesWordsInsideWordsAndTheRestOfATitle_AreNotPeople()
    {
        var people = People(
            "Tổng Lãnh sự Anh tại thành phố Hồ Chí Minh và bà Tổng Lãnh sự Pháp dự lễ.",
            "Vùng đồng bằng sông Cửu Long có nhiều dự án.",
            "Phát biểu tại lễ ký có ông Nguyễn Văn An",
            "Đối tác của ông là người Anh.");
        Assert.DoesNotContain(people, p => p.Name is "Hồ Chí Minh" or "Cửu Long" or "Tổng Lãnh");
        Assert.Contains(("Nguyễn Văn An", null), people); // a name ends at the end of its paragraph; "ông" is no office
    }

    [Fact]
    public void AnOfficeWrittenAfterTheName_OrAtALaterMention_IsTheTitle()
    {
        var people = People(
            "Tại buổi làm việc, bà Alexandra Smith - Tổng Lãnh sự Vương quốc Anh tại thành phố Hồ Chí Minh cho biết sẽ hỗ trợ.",
            "Ngày 25/10, bà Emily Hamblin, Tổng lãnh sự Vương quốc Anh tại TP HCM, công bố kế hoạch.",
            "Theo ông Nguyễn Thực Hiện, thành phố sẵn sàng hợp tác.",
            "Phó Chủ tịch UBND thành phố Cần Thơ Nguyễn Thực Hiện đề nghị hai bên ký kết.",
            "Chủ tịch Trung Quốc Hồ Cẩm Đào hội đàm với phía Việt Nam.");
        Assert.Contains(("Alexandra Smith", "Tổng Lãnh sự Vương quốc Anh tại thành phố Hồ Chí Minh"), people);
        Assert.Contains(("Emily Hamblin", "Tổng lãnh sự Vương quốc Anh tại TP HCM"), people);
        Assert.Contains(("Nguyễn Thực Hiện", "Phó Chủ tịch UBND thành phố Cần Thơ"), people);
        Assert.Contains(("Hồ Cẩm Đào", "Chủ tịch Trung Quốc"), people);
    }
}

public class SummaryTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void Summary_IsTheLeadWithoutCaptionsOrBylines_WithinFourHundredCharacters()
    {
        var a = f.Analyzer.Analyze("Hợp tác y tế Việt Nam - Anh", [
            "Ảnh: Lễ ký kết bản ghi nhớ giữa hai bên tại Hà Nội sáng nay.",
            "Nguyễn Văn An - Hà Nội",
            "Bộ Y tế Việt Nam và Đại sứ quán Anh đã ký bản ghi nhớ hợp tác đào tạo bác sĩ trong ba năm tới.",
            "Theo thỏa thuận, phía Anh sẽ tài trợ 75.000 bảng cho chương trình trao đổi chuyên gia giữa các bệnh viện.",
            "Hai bên cũng thống nhất tổ chức hội thảo chuyên đề về y tế dự phòng vào cuối năm nay tại Thành phố Hồ Chí Minh.",
            "Đây là lần đầu tiên hai bên hợp tác trực tiếp trong lĩnh vực đào tạo nhân lực y tế chất lượng cao."]);
        Assert.InRange(a.Summary.Count, 2, 3);
        Assert.StartsWith("Bộ Y tế Việt Nam", a.Summary[0]);
        Assert.True(string.Join(" ", a.Summary).Length <= 400);
    }

    [Fact]
    public void Summary_AFirstSentenceLongerThanTheBudget_IsCutAtAWord()
    {
        var sentence = "Bộ Y tế Việt Nam và Đại sứ quán Anh " + string.Concat(Enumerable.Repeat("cùng các bệnh viện và trường đại học của hai nước ", 12)) + "đã ký kết bản ghi nhớ.";
        var summary = Assert.Single(f.Analyzer.Analyze("Hợp tác", [sentence]).Summary);
        Assert.True(summary.Length <= 400);
        Assert.EndsWith("…", summary);
        Assert.DoesNotContain("  ", summary);
    }
}

public class PhraseMatcherTests
{
    private static List<string> Matches(PhraseMatcher<string> matcher, string text)
    {
        var t = new TokenizedText(VietnameseText.Clean(text));
        var found = new List<string>();
        for (int i = 0; i < t.Tokens.Count; i++) found.AddRange(matcher.MatchesAt(t.Tokens, i).Select(m => m.Value));
        return found;
    }

    [Theory]
    [InlineData("Hợp tác phát triển AI giữa hai nước", true)]
    [InlineData("Không ai nghĩ dự án sẽ chậm", false)]
    [InlineData("Ai sẽ chịu trách nhiệm?", false)]
    public void AShortAcronym_MatchesOnlyWhenWrittenInCapitals(string text, bool matches)
    {
        var matcher = new PhraseMatcher<string>();
        matcher.Add("AI", "ai");
        Assert.Equal(matches, Matches(matcher, text).Contains("ai"));
    }

    [Fact]
    public void ALongerAcronym_AndOrdinaryWords_MatchHoweverTheyAreWritten()
    {
        var matcher = new PhraseMatcher<string>();
        matcher.Add("UNESCO", "unesco");
        matcher.Add("MoU", "mou");
        matcher.Add("hợp tác", "coop");
        Assert.Equal(["unesco", "mou", "mou", "coop"], Matches(matcher, "Unesco ký MOU và MoU, Hợp tác"));
    }
}

public class OrganizationTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    private List<string> Organizations(string text) => f.Analyzer.Analyze("", [text]).Organizations.Select(o => o.Name).ToList();

    [Theory]
    [InlineData("Bộ Y tế cho biết sẽ tăng cường kiểm tra.", "Bộ Y tế")]
    [InlineData("Đại diện Tập đoàn Dầu khí Việt Nam phát biểu tại hội thảo.", "Tập đoàn Dầu khí Việt Nam")]
    [InlineData("Lãnh đạo Trung tâm Đổi mới sáng tạo Quốc gia đã làm việc với đoàn.", "Trung tâm Đổi mới sáng tạo Quốc gia")]
    [InlineData("Bệnh viện Đa khoa quốc tế S.I.S Cần Thơ tiếp nhận thiết bị.", "Bệnh viện Đa khoa quốc tế S.I.S Cần Thơ")]
    [InlineData("Trường Đại học Cần Thơ đăng cai tổ chức hội nghị.", "Trường Đại học Cần Thơ")]
    [InlineData("Sở Công Thương thành phố Cần Thơ tổ chức hội chợ.", "Sở Công Thương thành phố Cần Thơ")]
    [InlineData("Bộ Nông nghiệp và Phát triển nông thôn đã ký kết.", "Bộ Nông nghiệp và Phát triển nông thôn")]
    public void ANameGoesOnThroughItsLowerCaseSyllables_AndStopsAtTheVerb(string text, string expected) =>
        Assert.Contains(expected, Organizations(text));

    [Theory]
    [InlineData("Thứ trưởng Bộ Ngoại giao Nguyễn Phú Bình tiếp Đại sứ.", "Bộ Ngoại giao")]
    [InlineData("Phó chủ tịch UBND TP.HCM Nguyễn Lộc Hà dự lễ ký.", "UBND TP.HCM")]
    [InlineData("Tập đoàn Bitexco đầu tư thêm vào dự án.", "Tập đoàn Bitexco")]
    public void TheOfficeHoldersNameAndTheVerb_AreNotPartOfTheName(string text, string expected)
    {
        var names = Organizations(text);
        Assert.Contains(expected, names);
        Assert.DoesNotContain(names, n => n.Length > expected.Length && n.StartsWith(expected, StringComparison.Ordinal));
    }
}

public class DateExpressionTests
{
    private static readonly DateOnly Published = new(2025, 10, 31);

    private static List<string> Dates(string text, DateOnly? published) =>
        DateExpressions.Find(text, published).Select(d => d.End is null ? d.Date : d.Date + ".." + d.End).ToList();

    [Theory]
    [InlineData("Ngày 30/10, hai bên đã ký bản ghi nhớ.", "2025-10-30")]
    [InlineData("Hội chợ diễn ra từ 29/10-1/11 tại TP.HCM.", "2025-10-29..2025-11-01")]
    [InlineData("Triển lãm mở cửa từ 29-31/10 tại Hà Nội.", "2025-10-29..2025-10-31")]
    [InlineData("Lễ ký diễn ra chiều 5/11/2025 tại London.", "2025-11-05")]
    [InlineData("Hiệp định ký ngày 5-4-2006 có hiệu lực.", "2006-04-05")]
    [InlineData("Lễ kỷ niệm ngày 8 tháng 3 năm 2024 được tổ chức.", "2024-03-08")]
    [InlineData("Đoàn sẽ sang thăm từ 28/12 đến 3/1.", "2025-12-28..2026-01-03")]
    public void ADate_IsResolvedAgainstTheArticlesDate(string text, string expected)
        => Assert.Equal([expected], Dates(text, Published));

    [Fact]
    public void ADayWithoutAYear_TakesTheYearNearestTheArticle()
    {
        Assert.Equal(["2025-12-30"], Dates("Hạn chót là ngày 30/12.", new DateOnly(2026, 1, 2)));
        Assert.Equal(["2026-01-05"], Dates("Đoàn đến vào 5/1.", new DateOnly(2025, 12, 20)));
        var tag = Assert.Single(DateExpressions.Find("Ngày 30/10, hai bên gặp nhau.", Published));
        Assert.True(tag.YearInferred);
        Assert.Equal("Ngày 30/10", tag.Text);
    }

    [Fact]
    public void WithoutAnArticleDate_TheYearStaysUnknown() =>
        Assert.Equal(["--10-30"], Dates("Ngày 30/10, hai bên gặp nhau.", null));

    [Theory]
    [InlineData("Khoảng 2/3 số vốn đã được giải ngân.")]
    [InlineData("Tỷ lệ đạt 1/5 kế hoạch, giá 1.500/kg.")]
    [InlineData("Máy bay A320/5 hạ cánh, tỷ số 3/1 nghiêng về đội khách.")]
    [InlineData("Ngày 31/2 không có trong lịch; tháng 10/2025 là một tháng.")]
    [InlineData("Triển lãm mở cửa 29-31/10 tại Hà Nội.")] // a day and month neither introduced by a word nor with a year
    public void FractionsCodesAndImpossibleDays_AreNotDates(string text) => Assert.Empty(Dates(text, Published));
}

public class EventRuleTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    private List<string> Events(string title, string body) => f.Analyzer.Analyze(title, [body]).EventTypes.Select(e => e.Id).ToList();

    [Fact]
    public void ASumGivenOrLent_IsFunding_WhateverTheVerb() =>
        Assert.Contains("funding", Events("Đức hợp tác với Việt Nam phát triển đào tạo nghề",
            "Đại sứ quán Đức cho biết Chính phủ Đức hỗ trợ 15 triệu euro cho chương trình hợp tác đào tạo nghề với Bộ Lao động Việt Nam, theo thỏa thuận hai nước ký kết."));

    [Fact]
    public void AnEventWordInsideAnAgencysName_IsNotAnEvent() =>
        Assert.DoesNotContain("funding", Events("TP.HCM làm việc với đối tác Anh",
            "Phó chủ tịch TP.HCM đã tiếp và làm việc với Cơ quan Hỗ trợ Tài chính Xuất khẩu Anh (UKEF) về hợp tác các dự án hạ tầng. Hai bên thống nhất tăng cường hợp tác. Đại sứ Anh dự buổi làm việc."));
}

public class LocalityTests(AnalyzerFixture f) : IClassFixture<AnalyzerFixture>
{
    [Fact]
    public void TheGazetteer_HasThe34UnitsSinceJuly2025_AndEveryOneOfThe63EarlierNames()
    {
        var gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
        Assert.Equal(34, gazetteer.Provinces.Count);
        // The 63 earlier units: the 33 whose names the new units kept (all but Huế, formerly Thừa Thiên Huế) and 30 merged away.
        var earlier = gazetteer.Provinces.Where(p => p.Name != "Huế").Select(p => p.Name).Concat(gazetteer.Provinces.SelectMany(p => p.FormerNames)).ToList();
        Assert.Equal(63, earlier.Distinct().Count());
        Assert.Equal(63, earlier.Count);
    }

    [Theory]
    [InlineData("Đoàn công tác đã làm việc với lãnh đạo tỉnh Bình Dương về dự án.", "Bình Dương", "Thành phố Hồ Chí Minh")]
    [InlineData("Hội nghị được tổ chức tại Quảng Nam với các đối tác.", "Quảng Nam", "Đà Nẵng")]
    [InlineData("Lãnh đạo Thừa Thiên Huế tiếp đoàn khách.", "Thừa Thiên Huế", "Huế")]
    [InlineData("Dự án ở Cần Thơ được khởi công.", "Cần Thơ", null)]
    public void AnEarlierProvince_IsTaggedWithTheUnitItBelongsToNow(string text, string name, string? current)
    {
        var tag = Assert.Single(f.Analyzer.Analyze("", [text]).Localities, l => l.Name == name);
        Assert.Equal("VN", tag.Country);
        Assert.Equal(current, tag.CurrentUnit);
    }
}

public class GazetteerProvenanceTests
{
    /// <summary>countries.cldr.json is exactly what its generator makes from the pinned CLDR package (npm, installed by tests/setup.sh).</summary>
    [Fact]
    public async Task TheCldrCountryNames_AreWhatTheGeneratorMakesFromThePinnedPackage()
    {
        var start = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine("tools", "gazetteer", "build-countries.mjs"));
        start.ArgumentList.Add("--check");
        using var node = System.Diagnostics.Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, output);
        Assert.Contains("cldr-localenames-full@48.2.0", output);
    }
}
