//! The language the link stage reads, in one table: the words that make a sentence commit,
//! the words that report completion, progress or repetition, the words that make a
//! completion word point forward instead (`力争早日建成` is not 建成), who commits, and the
//! function words that carry no meaning for matching. Nothing here names a document, a
//! summit or a phrase of a particular text: these are the words of the genre.

/// Words (as the segmenter gives them) that make a sentence commit someone to something.
pub const COMMIT_WORDS: &[&str] = &[
    "愿",
    "愿意",
    "将",
    "将会",
    "支持",
    "商定",
    "宣布",
    "同意",
    "一致同意",
    "倡议",
    "决定",
    "致力于",
    "致力",
    "承诺",
    "决心",
    "要",
    "应",
    "应当",
    "主张",
    "提议",
    "计划",
    "邀请",
    "欢迎",
    "认为",
    "一致认为",
    "重申",
    "恪守",
];

/// Commit words that, in reporting texts (interviews, articles, fragments), only commit when
/// the sentence names who commits: there they mostly introduce views, not measures.
pub const WEAK_COMMIT_WORDS: &[&str] = &[
    "支持",
    "倡议",
    "要",
    "应",
    "认为",
    "一致认为",
    "欢迎",
    "计划",
];

/// Words that, before the commit word, make a sentence report a past decision rather than
/// commit (`去年……宣布`).
pub const PAST: &[&str] = &[
    "去年", "前年", "已经", "已", "曾", "曾经", "此前", "以来", "年来", "当时",
];

/// Commit words that give a view: the sentence commits only where the view goes on to say
/// what will be done (`各方一致认为，应……`, `……认为，将……`).
pub const OPINION: &[&str] = &["认为", "一致认为"];

/// A stance a view may go on to take, which binds those who take it (`坚决反对……干涉他国内政`).
pub const STANCE: &[&str] = &["反对", "坚决反对", "谴责", "坚持"];

/// What an assessment says a thing has (`对……具有重要意义`, `对……发挥作用`): a commit
/// word inside such a frame names what is weighed, not what anyone will do.
pub const WEIGHED: &[&str] = &["意义", "作用"];

/// Words that, before the commit word, make the sentence a belief or a hope about what will
/// happen (`相信这些文件的落实将……`), not a commitment.
pub const BELIEF: &[&str] = &[
    "相信", "坚信", "预计", "预期", "期待", "期望", "希望", "有望",
];

/// Commit words that are also nouns (a plan, a proposal, a decision): named as a thing, they
/// commit no one.
pub const ALSO_NOUNS: &[&str] = &["倡议", "计划", "决定", "承诺", "主张", "提议", "决心"];

/// Who commits: words naming every party, and words naming China. A country of the
/// glossary (type `country`) named as subject is that country.
pub const ALL_PARTIES: &[&str] = &[
    "各方",
    "六国",
    "双方",
    "各国",
    "各相关方",
    "我们",
    "中国同中亚国家",
    "中国和中亚国家",
    "中国与中亚国家",
    "中国同中亚五国",
    "中国和中亚五国",
    "六国元首",
    "各国元首",
    "中亚五国",
];
pub const CHINA: &[&str] = &["中方", "中国", "我国", "习近平主席", "习近平"];

/// Printed words that report a commitment done.
pub const FULFILLED: &[&str] = &[
    "已经",
    "已",
    "建成",
    "启动",
    "成立",
    "签署",
    "签订",
    "正式",
    "实现",
    "完成",
    "突破",
    "首飞",
    "全覆盖",
    "揭牌",
    "开通",
    "运营",
    "建立",
    "成型",
    "达到",
    "结束",
    "落地",
    "通车",
    "开设",
    "设立",
    "举行",
    "举办",
    "出席",
];
/// Printed words that report a commitment under way, whatever comes before them.
pub const UNDER_WAY: &[&str] = &["正在", "推进", "加快", "加紧", "稳步", "逐步", "有序"];
/// Printed words that report work under way only when nothing before them in the sentence
/// commits to it again (`继续实施`, `商定积极推动` repeat the commitment).
pub const LIGHT_PROGRESS: &[&str] = &["实施", "推动", "着力", "落实"];
/// Printed words that report a commitment said again.
pub const REAFFIRMED: &[&str] = &[
    "重申",
    "继续",
    "坚持",
    "进一步",
    "再次",
    "一致同意",
    "同意",
    "商定",
    "致力于",
    "深化",
    "加强",
    "秉持",
    "支持",
    "愿",
    "将",
    "宣布",
    "决心",
    "意愿",
];

/// The words of the future tense (`将`).
pub const FUTURE: &[&str] = &["将", "将会"];
/// Verbs that, after a word of the future tense, forecast what a thing will be (`将成为`,
/// `将是`) rather than pledge to do it.
pub const FORECAST: &[&str] = &["成为", "是"];

/// Words that, earlier in the same clause, make a completion word point forward: the thing
/// is aimed at, not done.
pub const FORWARD: &[&str] = &[
    "力争",
    "争取",
    "将",
    "早日",
    "尽快",
    "要",
    "愿",
    "计划",
    "推动",
    "推进",
    "加快",
    "致力于",
    "同意",
    "商定",
    "决定",
    "拟",
    "未来",
    "宣布",
    "决心",
    "愿意",
    "将会",
];

/// Words that carry no meaning for matching: function words, the names every passage of
/// the summits shares, and the commitment and reporting words themselves (two texts do not
/// speak of the same thing because both say 将).
pub const STOP_WORDS: &[&str] = &[
    "的",
    "和",
    "与",
    "同",
    "及",
    "以及",
    "在",
    "等",
    "为",
    "对",
    "是",
    "了",
    "中",
    "以",
    "并",
    "并且",
    "其",
    "把",
    "从",
    "向",
    "于",
    "由",
    "上",
    "下",
    "也",
    "都",
    "更",
    "更加",
    "一道",
    "共同",
    "相关",
    "方面",
    "领域",
    "各方",
    "双方",
    "六国",
    "中方",
    "中国",
    "中亚",
    "国家",
    "五国",
    "中亚国家",
    "中亚五国",
    "合作",
    "发展",
    "加强",
    "推动",
    "推进",
    "开展",
    "深化",
    "积极",
    "进一步",
    "继续",
    "重要",
    "一系列",
    "包括",
    "这",
    "此",
    "我们",
    "各国",
    "元首",
    "主席",
    "习近平",
    "峰会",
    "中国—中亚",
    "机制",
    "框架",
    "方向",
    "一批",
    "更多",
    "新",
    "各",
    "不断",
    "全面",
    "努力",
    "一致",
    "表示",
    "强调",
    "提出",
    "指出",
    "认为",
    "有关",
    "问题",
    "工作",
    "举措",
    "进行",
    "实现",
    "支持",
    "提供",
    "促进",
    "扩大",
    "提升",
    "建立",
    "成立",
    "实施",
    "研究",
    "可能性",
    "可行性",
    "关于",
    "通过",
    "之间",
    "地区",
    "区域",
    "其他",
    "一些",
    "今年",
    "去年",
    "今后",
    "未来",
    "已",
    "已经",
    "正在",
    "将",
    "愿",
    "要",
    "应",
];

/// Whether a word commits or reports ([`COMMIT_WORDS`], [`FULFILLED`], [`UNDER_WAY`],
/// [`LIGHT_PROGRESS`], [`REAFFIRMED`], [`FORWARD`]): it says what is done with a thing, not
/// which thing, so two passages do not speak of the same thing because both use it
/// (`致力于`, `签署`, `运营`).
pub fn is_commit_or_report_word(word: &str) -> bool {
    [
        COMMIT_WORDS,
        FULFILLED,
        UNDER_WAY,
        LIGHT_PROGRESS,
        REAFFIRMED,
        FORWARD,
    ]
    .iter()
    .any(|list| list.contains(&word))
}

/// Sentence ends, full-width and half-width.
pub const SENTENCE_ENDS: &[char] = &['。', '！', '？', '；', ';', '!', '?', '\n'];
/// Clause breaks inside a sentence.
pub const CLAUSE_BREAKS: &[char] = &['，', ',', '：', ':'];
