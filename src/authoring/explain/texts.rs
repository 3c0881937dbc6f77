//! The texts behind `guidepost explain`: one long explanation per diagnostic code, with a wrong
//! and a fixed example, and the topics that take more than one message to understand. Kept apart
//! from the code that looks them up and lays them out, because they are read and edited as prose.

use super::{Explanation, Frame, MINIMAL_GUIDE};
use crate::guide::Code;

const fn e(code: Code, text: &'static str, bad: &'static str, fixed: &'static str, frame: Frame) -> Explanation {
    Explanation { code, text, bad, fixed, frame }
}

/// The explanation of a code. Every code has one.
pub fn explanation(code: Code) -> Explanation {
    use Code as C;
    use Frame::{Append, NotCheckable, Whole};
    match code {
        C::TomlSyntax => e(
            code,
            "The file is not valid TOML, so nothing else in it can be read. The caret points where \
             the TOML reader gave up; the mistake is often just before it: a string without its \
             closing quote, a missing `=`, or text without quotes.\n\nText over several lines goes \
             in triple quotes: \"\"\"…\"\"\".",
            "[nodes.ask]\ntype = \"info\"\ntext = \"Welcome\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntext = \"Welcome\"\nnext = \"done\"\n",
            Append,
        ),
        C::NotUtf8 => e(
            code,
            "Guides are UTF-8 text. This file has a byte that is not UTF-8, usually because an editor \
             saved it in an older encoding such as Windows-1252 or Latin-1. The message gives the \
             offset of the first bad byte.\n\nSave the file as UTF-8 (most editors offer it under \
             \"Save with encoding\").",
            "# saved as Latin-1: the é below is the single byte 0xE9\ntitle = \"Café hours\"\n",
            "# saved as UTF-8\ntitle = \"Café hours\"\n",
            NotCheckable("it needs bytes that are not UTF-8, which a text example cannot hold"),
        ),
        C::EmptyFile => e(
            code,
            "The file has nothing in it, or only spaces. Perhaps it was created but never saved, or a \
             different file was meant.\n\n`guidepost new FILE` writes a small working guide to start from.",
            "",
            MINIMAL_GUIDE,
            Whole,
        ),
        C::FileTooLarge => e(
            code,
            "A guide file may be at most 16 MiB. A file that large is almost always the wrong file \
             (a video, a database dump). A guide that really is that big should be split into \
             several files with `include`.",
            "# guide.toml is a 40 MiB export from another program\n",
            "[guide]\ninclude = [\"part-one.toml\", \"part-two.toml\"]\n",
            NotCheckable("it needs a file larger than 16 MiB"),
        ),
        C::TooDeep => e(
            code,
            "Tables or arrays are nested far deeper than any guide needs (more than 32 levels). A \
             guide uses only a few levels, like [nodes.ID] or [checklist.ID]. The file is refused \
             before reading so that it cannot exhaust the program.",
            "[a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a]\nx = 1\n",
            "[nodes.ask]\ntype = \"info\"\nnext = \"done\"\n",
            Append,
        ),
        C::FileUnreadable => e(
            code,
            "The file could not be read: it does not exist, it is a folder, or you may not read it. \
             Check the path (it is relative to the folder you run guidepost in) and the file's \
             permissions.\n\nThis is the only problem for which `validate` exits with 2 rather \
             than 1, because it is about the file system, not the guide.",
            "# guidepost validate guides/apeal.toml   (the file is guides/appeal.toml)\n",
            "# guidepost validate guides/appeal.toml\n",
            NotCheckable("it is about a file that cannot be read"),
        ),
        C::UnknownKey => e(
            code,
            "A key that guide format 1 does not have. It is usually a typo (the message suggests the \
             closest key), or a key that belongs to another node type or another table. Unknown \
             keys are errors rather than being ignored, so a typo never silently drops what you meant.",
            "[nodes.ask]\ntype = \"info\"\ntitel = \"Ask\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntitle = \"Ask\"\nnext = \"done\"\n",
            Append,
        ),
        C::MissingKey => e(
            code,
            "A key that must be there is missing: every node needs a `type`, questions need a `var`, \
             pages and questions need a `next`, checklist items need a `section` and `text`, \
             resources need a `title` and a `url` or `phone`, `[guide]` needs `id`, `title`, \
             `start` and `disclaimer`, and a `unit` written as a table needs both forms, \
             `{ one = \"infusion\", other = \"infusions\" }`.",
            "[nodes.ask]\ntitle = \"Ask\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntitle = \"Ask\"\nnext = \"done\"\n",
            Append,
        ),
        C::WrongType => e(
            code,
            "A key has a value of the wrong kind: text where a number is needed, a number where text \
             is needed, a string where true/false is needed, or a quoted date. Strings need quotes; \
             numbers, true/false and dates (like 2026-11-27) do not.",
            "[nodes.name]\ntype = \"text\"\nvar = \"name\"\noptional = \"yes\"\nnext = \"done\"\n",
            "[nodes.name]\ntype = \"text\"\nvar = \"name\"\noptional = true\nnext = \"done\"\n",
            Append,
        ),
        C::BadFormat => e(
            code,
            "Every guide starts with `format = 1`, the version of the guide format it is written in. \
             Without it, or with a version this program does not read, the guide is refused rather \
             than misread. A newer format needs a newer guidepost.",
            "format = 2\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n[nodes.done]\ntype = \"end\"\n",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n[nodes.done]\ntype = \"end\"\n",
            Whole,
        ),
        C::BadId => e(
            code,
            "Ids of nodes and resources use letters, digits, `_` and `-`. A var or a [values] name \
             must start with a letter and use only letters, digits and `_`, because conditions refer \
             to it (`-` would read as minus), and it must not be a keyword (`and`, `or`, `not`, `in`, \
             `true`, `false`, `answered`). The guide id uses lowercase letters, digits and `-`, \
             because it names files.",
            "[nodes.\"my question\"]\ntype = \"info\"\nnext = \"done\"\n",
            "[nodes.my_question]\ntype = \"info\"\nnext = \"done\"\n",
            Append,
        ),
        C::DuplicateId => e(
            code,
            "Two nodes, sections, checklist items or resources share an id, in different files of \
             one guide (inside one file, TOML itself refuses a table written twice). References \
             would be ambiguous, so rename one of them; the message says where the first one is.",
            "# main.toml\n[nodes.intro]\ntype = \"info\"\nnext = \"done\"\n\n# part.toml, included by main.toml\n\
             [nodes.intro]\ntype = \"info\"\nnext = \"done\"\n",
            "# main.toml\n[nodes.intro]\ntype = \"info\"\nnext = \"done\"\n\n# part.toml, included by main.toml\n\
             [nodes.part_intro]\ntype = \"info\"\nnext = \"done\"\n",
            NotCheckable("it needs two files"),
        ),
        C::InvalidValue => e(
            code,
            "A value is not one of those allowed: an unknown node `type`, a `max_len` that is not a \
             whole number, multi bounds that are not counts, a `min`, `max` or `default` with a \
             fraction on a number question marked `whole = true` (a count), or a compare row with a \
             different number of cells than there are columns.",
            "[nodes.ask]\ntype = \"page\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\nnext = \"done\"\n",
            Append,
        ),
        C::TooMany => e(
            code,
            "The guide has more than 200,000 nodes, checklist items and resources together, or \
             includes more than 256 files, or one of its files holds more than 600,000 keys, \
             values, tables and arrays (counted before it is parsed, so that reading any guide \
             takes less than 1 GiB of memory). That is far beyond any real guide; the limits keep a \
             generated or hostile file from exhausting memory. Split it into several guides.",
            "# a generated guide with 300,000 nodes\n",
            "# several guides, each on one decision\n",
            NotCheckable("it needs hundreds of thousands of entries"),
        ),
        C::UnknownNode => e(
            code,
            "A `next`, `start`, option or branch rule names a node that does not exist. Node ids are \
             the names after `nodes.`; the message suggests the closest one.",
            "[nodes.ask]\ntype = \"info\"\nnext = \"don\"\n",
            "[nodes.ask]\ntype = \"info\"\nnext = \"done\"\n",
            Append,
        ),
        C::UnknownSection => e(
            code,
            "A checklist item names a section that does not exist. Sections are defined as \
             [sections.ID] with a title, and the checklist shows them in file order.",
            "[sections.call]\ntitle = \"Call your plan\"\n\n[checklist.call_plan]\nsection = \"cal\"\ntext = \"Call your plan.\"\n",
            "[sections.call]\ntitle = \"Call your plan\"\n\n[checklist.call_plan]\nsection = \"call\"\ntext = \"Call your plan.\"\n",
            Append,
        ),
        C::UnknownResource => e(
            code,
            "A checklist item's `resources`, or a link written as [label](resource:ID), names a \
             resource that does not exist. Define it as [resources.ID] with a title and a url or phone.",
            "[sections.call]\ntitle = \"Call your plan\"\n\n[checklist.call_plan]\nsection = \"call\"\n\
             text = \"Call your plan.\"\nresources = [\"helpline\"]\n",
            "[sections.call]\ntitle = \"Call your plan\"\n\n[checklist.call_plan]\nsection = \"call\"\n\
             text = \"Call your plan.\"\nresources = [\"helpline\"]\n\n[resources.helpline]\n\
             title = \"Help line\"\nurl = \"https://example.org/\"\n",
            Append,
        ),
        C::UnknownSource => e(
            code,
            "A `sources = [...]` list (on a node, an option, a compare row or cell, or a checklist \
             item) names a source id that no [[guide.sources]] entry has. Give the source an `id` \
             (letters, digits, `_` and `-`) in [[guide.sources]] and cite it by that id; the \
             message suggests the closest one. Ids are what content cites; the title and url are \
             what people read.",
            "[[guide.sources]]\nid = \"cms-abn\"\ntitle = \"CMS: the Advance Beneficiary Notice\"\n\
             url = \"https://www.cms.gov/\"\nkind = \"official\"\n\n[sections.call]\ntitle = \"Call\"\n\n\
             [checklist.ask_abn]\nsection = \"call\"\ntext = \"Ask for the notice before the visit.\"\n\
             sources = [\"cms-anb\"]\n",
            "[[guide.sources]]\nid = \"cms-abn\"\ntitle = \"CMS: the Advance Beneficiary Notice\"\n\
             url = \"https://www.cms.gov/\"\nkind = \"official\"\n\n[sections.call]\ntitle = \"Call\"\n\n\
             [checklist.ask_abn]\nsection = \"call\"\ntext = \"Ask for the notice before the visit.\"\n\
             sources = [\"cms-abn\"]\n",
            Append,
        ),
        C::BadLink => e(
            code,
            "A link goes somewhere a person cannot safely be sent. Links in text are \
             [label](https://…) or [label](resource:ID) (mailto: and tel: also work); a resource's or \
             source's `url` must start with https:// or http://. A bare \"www.…\" is not a web \
             address to the program.",
            "[nodes.ask]\ntype = \"info\"\ntext = \"See [our site](www.example.org).\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntext = \"See [our site](https://www.example.org).\"\nnext = \"done\"\n",
            Append,
        ),
        C::DuplicateVar => e(
            code,
            "Two questions store their answers under the same `var`, or a [values] name is also a \
             var. Conditions, text and answers files refer to answers by var, so each must be unique. \
             The earlier names a question lists in `was` must be free too: no question may still \
             use one, and only one question may claim it.",
            "[nodes.plan]\ntype = \"text\"\nvar = \"plan\"\nnext = \"plan2\"\n\n[nodes.plan2]\ntype = \"text\"\n\
             var = \"plan\"\nnext = \"done\"\n",
            "[nodes.plan]\ntype = \"text\"\nvar = \"plan\"\nnext = \"plan2\"\n\n[nodes.plan2]\ntype = \"text\"\n\
             var = \"second_plan\"\nnext = \"done\"\n",
            Append,
        ),
        C::NoOptions => e(
            code,
            "A choice or multi question has no options, so a person could not answer it. Add \
             `options`, each with a `value` and a `label`.",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"yes\", label = \"Yes\" }, { value = \"no\", label = \"No\" } ]\n",
            Append,
        ),
        C::DuplicateOption => e(
            code,
            "Two options of one question have the same `value`. Conditions and answers files name \
             options by value, so they could not tell the two apart. The same holds for the earlier \
             values an option lists in `was`: each must belong to one option and to no option's \
             `value`.",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"yes\", label = \"Yes\" }, { value = \"yes\", label = \"Not sure\" } ]\n",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"yes\", label = \"Yes\" }, { value = \"not_sure\", label = \"Not sure\" } ]\n",
            Append,
        ),
        C::NoOtherwise => e(
            code,
            "A branch needs a last rule without `when`: the otherwise, taken when no other rule \
             holds. Without it, some answers would leave the walk with nowhere to go. A rule \
             without `when` anywhere but last is also an error, because the rules after it could \
             never apply.",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"route\"\n\
             options = [ { value = \"a\", label = \"A\" }, { value = \"b\", label = \"B\" } ]\n\n\
             [nodes.route]\ntype = \"branch\"\nrules = [ { when = 'plan == \"a\"', next = \"done\" } ]\n",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"route\"\n\
             options = [ { value = \"a\", label = \"A\" }, { value = \"b\", label = \"B\" } ]\n\n\
             [nodes.route]\ntype = \"branch\"\nrules = [ { when = 'plan == \"a\"', next = \"done\" }, { next = \"done\" } ]\n",
            Append,
        ),
        C::BadBounds => e(
            code,
            "A number or multi question has `min` greater than `max`, so no answer could satisfy it. \
             Swap them or raise `max`.",
            "[nodes.sessions]\ntype = \"number\"\nvar = \"sessions\"\nmin = 10\nmax = 1\nnext = \"done\"\n",
            "[nodes.sessions]\ntype = \"number\"\nvar = \"sessions\"\nmin = 1\nmax = 10\nnext = \"done\"\n",
            Append,
        ),
        C::DefaultOutOfBounds => e(
            code,
            "A question's `default` is not an answer the question accepts: a number outside `min` \
             and `max`, a choice value that no option has, a multi list with unknown values or the \
             wrong count, or text longer than `max_len`. The default is offered first and used by \
             headless walks, so it must be a valid answer.",
            "[nodes.sessions]\ntype = \"number\"\nvar = \"sessions\"\nmin = 1\nmax = 60\ndefault = 0\nnext = \"done\"\n",
            "[nodes.sessions]\ntype = \"number\"\nvar = \"sessions\"\nmin = 1\nmax = 60\ndefault = 6\nnext = \"done\"\n",
            Append,
        ),
        C::ConditionSyntax => e(
            code,
            "A `when` condition or a [values] expression cannot be read. Conditions use `==`, `!=`, \
             `<`, `<=`, `>`, `>=`, `and`, `or`, `not`, `in`, `answered(x)`, parentheses and \
             `+ - * /` on numbers; text values are in double quotes (write the whole condition in \
             single quotes in TOML, like when = 'plan == \"ppo\"').",
            "[values]\ncost = \"6 *\"\n",
            "[values]\ncost = \"6 * 400\"\n",
            Append,
        ),
        C::ConditionUnknownName => e(
            code,
            "A condition or expression uses a name that is neither a question's `var` nor a \
             [values] name. It is usually a typo; the message suggests the closest name.",
            "[nodes.sessions]\ntype = \"number\"\nvar = \"sessions\"\nnext = \"done\"\n\n[values]\ncost = \"sesions * 400\"\n",
            "[nodes.sessions]\ntype = \"number\"\nvar = \"sessions\"\nnext = \"done\"\n\n[values]\ncost = \"sessions * 400\"\n",
            Append,
        ),
        C::ConditionUnknownValue => e(
            code,
            "A condition compares a choice or multi answer with a value that none of its options \
             has, so the comparison could never be true. It is usually a typo in the value, or an \
             option that was renamed.",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"medicare\", label = \"Medicare\" }, { value = \"other\", label = \"Other\" } ]\n\n\
             [sections.call]\ntitle = \"Call\"\n\n[checklist.call_medicare]\nsection = \"call\"\n\
             text = \"Call Medicare.\"\nwhen = 'plan == \"medicaire\"'\n",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"medicare\", label = \"Medicare\" }, { value = \"other\", label = \"Other\" } ]\n\n\
             [sections.call]\ntitle = \"Call\"\n\n[checklist.call_medicare]\nsection = \"call\"\n\
             text = \"Call Medicare.\"\nwhen = 'plan == \"medicare\"'\n",
            Append,
        ),
        C::ConditionType => e(
            code,
            "A condition mixes kinds of values: a number compared with text, arithmetic on text, \
             `in` on something that is not a list, or a [values] entry that does not give a number. \
             A `when` must give true or false; a [values] entry must give a number.",
            "[values]\nsix = '\"six\"'\n",
            "[values]\nsix = \"6\"\n",
            Append,
        ),
        C::ValueCycle => e(
            code,
            "[values] entries depend on each other in a circle, so none of them can be computed. \
             Compute each value from answers, or from values that do not depend on it.",
            "[values]\nlow = \"high - 100\"\nhigh = \"low + 100\"\n",
            "[values]\nlow = \"400\"\nhigh = \"low + 100\"\n",
            Append,
        ),
        C::TextSyntax => e(
            code,
            "`{...}` in text is malformed: a `{` without its `}`, an empty name, or an unknown way \
             to show the answer after `|` (those are `money`, `count:one:other` and `or:placeholder`). \
             For a literal brace write `{{` or `}}`.",
            "[nodes.ask]\ntype = \"info\"\ntext = \"Use {braces like this.\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntext = \"Use {{braces}} like this.\"\nnext = \"done\"\n",
            Append,
        ),
        C::TextUnknownName => e(
            code,
            "`{name}` in text names no question var and no [values] name, so there is nothing to put \
             there. It is usually a typo; the message suggests the closest name.",
            "[nodes.insurer]\ntype = \"text\"\nvar = \"insurer\"\nnext = \"call\"\n\n[nodes.call]\ntype = \"info\"\n\
             text = \"Call {insurrer}.\"\nnext = \"done\"\n",
            "[nodes.insurer]\ntype = \"text\"\nvar = \"insurer\"\nnext = \"call\"\n\n[nodes.call]\ntype = \"info\"\n\
             text = \"Call {insurer}.\"\nnext = \"done\"\n",
            Append,
        ),
        C::ControlCharacter => e(
            code,
            "Text contains a control character (other than a newline or a tab). Such characters can \
             change how a terminal behaves, so they are refused. They usually come from copying \
             text out of another program. For a line break, use a new line inside a \"\"\"multi-line \
             string\"\"\".\n\n\
             The same error is given for an invisible character (a zero-width space or joiner, a word \
             joiner, a soft hyphen, a direction mark) where it cannot belong: anywhere in an option \
             value, and at the start or end of a title or text or next to ASCII or a space. Inside a \
             word or an emoji of a script that needs one, such as a zero-width joiner in Devanagari or \
             a family emoji, it is allowed.",
            "[nodes.ask]\ntype = \"info\"\ntext = \"Hello\\u0007\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntext = \"Hello\"\nnext = \"done\"\n",
            Append,
        ),
        C::DeadEnd => e(
            code,
            "No end node can be reached from this node, so a person who gets here could never \
             finish. Give it a `next` (or options or rules) that lead towards a node of type \"end\".\n\n\
             In format 1 every node but an end has a way on, so in practice a node with no way to \
             finish is caught inside a loop and reported as E0602.",
            "[nodes.ask]\ntype = \"info\"\nnext = \"ask\"\n",
            "[nodes.ask]\ntype = \"info\"\nnext = \"done\"\n",
            NotCheckable("format 1 gives every node but an end a way on, so the loader reports this case as E0602"),
        ),
        C::EndlessLoop => e(
            code,
            "Some nodes lead to each other in a loop with no way out: whatever a person answers, they \
             go round and round and never reach an end. Let an option, a rule or a `next` in the \
             loop lead on towards an end node. Loops with a way out (\"Add another?\" Yes/No) are fine.",
            "[nodes.a]\ntype = \"info\"\nnext = \"b\"\n\n[nodes.b]\ntype = \"info\"\nnext = \"a\"\n",
            "[nodes.a]\ntype = \"info\"\nnext = \"b\"\n\n[nodes.b]\ntype = \"info\"\nnext = \"done\"\n",
            Append,
        ),
        C::TestUnknownVar => e(
            code,
            "A [[tests]] scenario gives an answer for a var that no question has, so the scenario \
             could not mean what it says. It is usually a typo, or a var that was renamed.",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"a\", label = \"A\" }, { value = \"b\", label = \"B\" } ]\n\n\
             [[tests]]\nname = \"Plan A\"\nanswers = { plann = \"a\" }\n",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"a\", label = \"A\" }, { value = \"b\", label = \"B\" } ]\n\n\
             [[tests]]\nname = \"Plan A\"\nanswers = { plan = \"a\" }\n",
            Append,
        ),
        C::TestUnknownValue => e(
            code,
            "A [[tests]] scenario gives a question an answer it cannot take: a value none of the \
             options has, text for a number, a single value for a multi question (use a list).",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"a\", label = \"A\" }, { value = \"b\", label = \"B\" } ]\n\n\
             [[tests]]\nname = \"Plan C\"\nanswers = { plan = \"c\" }\n",
            "[nodes.plan]\ntype = \"choice\"\nvar = \"plan\"\nnext = \"done\"\n\
             options = [ { value = \"a\", label = \"A\" }, { value = \"b\", label = \"B\" } ]\n\n\
             [[tests]]\nname = \"Plan B\"\nanswers = { plan = \"b\" }\n",
            Append,
        ),
        C::TestUnknownItem => e(
            code,
            "A [[tests]] scenario's `expect` or `reject` names a checklist item that does not exist, \
             or its `path` or `ends` names a node that does not exist (or `ends` names a node that is \
             not an end). It is usually a typo; the message suggests the closest id.",
            "[sections.call]\ntitle = \"Call\"\n\n[checklist.call_plan]\nsection = \"call\"\ntext = \"Call your plan.\"\n\n\
             [[tests]]\nname = \"Always\"\nanswers = {}\nexpect = [\"call_plna\"]\n",
            "[sections.call]\ntitle = \"Call\"\n\n[checklist.call_plan]\nsection = \"call\"\ntext = \"Call your plan.\"\n\n\
             [[tests]]\nname = \"Always\"\nanswers = {}\nexpect = [\"call_plan\"]\n",
            Append,
        ),
        C::IncludeEscapes => e(
            code,
            "An `include` points outside the folder of the main guide file (with `..` or an absolute \
             path). A guide must be shareable as one folder, so included files live in its folder \
             or below it.",
            "[guide]\ninclude = [\"../shared/alternatives.toml\"]\n",
            "[guide]\ninclude = [\"parts/alternatives.toml\"]\n",
            NotCheckable("it needs files on disk"),
        ),
        C::IncludeLoop => e(
            code,
            "Files include each other in a circle (a.toml includes b.toml, which includes a.toml), \
             or one file is included twice. Include each file once, from one place.",
            "# main.toml\n[guide]\ninclude = [\"part.toml\"]\n\n# part.toml\ninclude = [\"part.toml\"]\n",
            "# main.toml\n[guide]\ninclude = [\"part.toml\"]\n\n# part.toml: no include of itself\n",
            NotCheckable("it needs files on disk"),
        ),
        C::IncludeMissing => e(
            code,
            "An included file does not exist or cannot be read. Paths are relative to the file that \
             includes them. A guide loaded from memory (a built-in guide) cannot include files.",
            "[guide]\ninclude = [\"alternative.toml\"]   # the file is alternatives.toml\n",
            "[guide]\ninclude = [\"alternatives.toml\"]\n",
            NotCheckable("it needs files on disk"),
        ),
        C::Unreachable => e(
            code,
            "Nothing leads to this node from `start`, so no one will ever see it. Perhaps a `next` \
             still points at the node it replaced. Point a `next`, an option or a branch rule at it, \
             or remove it.",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"welcome\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n\
             [nodes.welcome]\ntype = \"info\"\nnext = \"done\"\n\n[nodes.more]\ntype = \"info\"\nnext = \"done\"\n\n\
             [nodes.done]\ntype = \"end\"\n",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"welcome\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n\
             [nodes.welcome]\ntype = \"info\"\nnext = \"more\"\n\n[nodes.more]\ntype = \"info\"\nnext = \"done\"\n\n\
             [nodes.done]\ntype = \"end\"\n",
            Whole,
        ),
        C::UntestedItem => e(
            code,
            "No [[tests]] scenario produces this checklist item, so nothing checks that its `when` \
             is right: an item whose condition can never hold would go unnoticed. Add a scenario \
             whose answers make the item appear and list the item in its `expect`. \
             `guidepost test --coverage` shows what the scenarios reach.",
            "[sections.call]\ntitle = \"Call\"\n\n[checklist.call_plan]\nsection = \"call\"\ntext = \"Call your plan.\"\n",
            "[sections.call]\ntitle = \"Call\"\n\n[checklist.call_plan]\nsection = \"call\"\ntext = \"Call your plan.\"\n\n\
             [[tests]]\nname = \"Everyone calls\"\nanswers = {}\nexpect = [\"call_plan\"]\n",
            Append,
        ),
        C::UnusedResource => e(
            code,
            "A resource that no checklist item lists and no text links to, so no one will see it. \
             Attach it to an item with resources = [\"ID\"], link it as [label](resource:ID), or \
             remove it.",
            "[resources.helpline]\ntitle = \"Help line\"\nurl = \"https://example.org/\"\n",
            "[resources.helpline]\ntitle = \"Help line\"\nurl = \"https://example.org/\"\n\n\
             [nodes.help]\ntype = \"info\"\ntext = \"Call the [help line](resource:helpline).\"\nnext = \"done\"\n",
            Append,
        ),
        C::UnusedSection => e(
            code,
            "A checklist section with no items, so it would never show. Add items with \
             section = \"ID\", or remove it.",
            "[sections.later]\ntitle = \"Later\"\n",
            "[sections.later]\ntitle = \"Later\"\n\n[checklist.follow_up]\nsection = \"later\"\ntext = \"Book a follow-up.\"\n",
            Append,
        ),
        C::NoReviewed => e(
            code,
            "The guide does not say when its facts were last checked. People make decisions with \
             it, and exports show this date, so add `reviewed` (a bare TOML date) to [guide] and \
             update it whenever you check the facts.",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\n\n[nodes.done]\ntype = \"end\"\n",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n[nodes.done]\ntype = \"end\"\n",
            Whole,
        ),
        C::StaleReviewed => e(
            code,
            "The facts were last checked more than a year ago. Rules, prices and phone numbers \
             change; check them again and update `reviewed`.",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2020-01-15\n\n[nodes.done]\ntype = \"end\"\n",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n[nodes.done]\ntype = \"end\"\n",
            Whole,
        ),
        C::MaybeUnanswered => e(
            code,
            "Text shows an answer with `{name}`, but some walks reach it without that question \
             answered: the question is optional, or it is not on every way there. The person then \
             reads \"(not answered)\" in the middle of a sentence. Say what to show instead with \
             `|or:` (`{name|or:your employer}`), put the text where the question has surely been \
             answered, or, for a checklist item, give it a `when` that tests the answer.\n\nThe \
             check follows the graph, not the conditions: a name counts as answered where a \
             question that sets it, and is not optional, lies on every path to the text.",
            "[nodes.name]\ntype = \"text\"\nvar = \"name\"\noptional = true\nnext = \"done\"\n\n\
             [sections.call]\ntitle = \"Calls to make\"\n\n[checklist.call]\nsection = \"call\"\n\
             text = \"Call {name}'s office.\"\n",
            "[nodes.name]\ntype = \"text\"\nvar = \"name\"\noptional = true\nnext = \"done\"\n\n\
             [sections.call]\ntitle = \"Calls to make\"\n\n[checklist.call]\nsection = \"call\"\n\
             text = \"Call {name|or:your doctor}'s office.\"\n",
            Append,
        ),
        C::FutureReviewed => e(
            code,
            "`reviewed` says when the facts were last checked, and people read it as a promise \
             that the guide was up to date then. A day still to come is a typing mistake (often the \
             year or the month swapped); write the day you actually checked the facts.",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2062-11-01\n\n[nodes.done]\ntype = \"end\"\n",
            "format = 1\n\n[guide]\nid = \"example\"\ntitle = \"Example\"\nstart = \"done\"\n\
             disclaimer = \"Information, not advice.\"\nreviewed = 2026-11-01\n\n[nodes.done]\ntype = \"end\"\n",
            Whole,
        ),
        C::LongTitle => e(
            code,
            "A node title longer than 60 characters does not fit the breadcrumb and the review \
             list. Keep the title short and put the full question in `text`.",
            "[nodes.ask]\ntype = \"info\"\ntitle = \"What kind of health insurance coverage do you have at the moment?\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntitle = \"Your coverage\"\ntext = \"What kind of health insurance coverage do you have at the moment?\"\nnext = \"done\"\n",
            Append,
        ),
        C::LongSentence => e(
            code,
            "A sentence in text people read (node text, option help, checklist items and their \
             details) has more than 30 words. People reading under stress lose the thread of long \
             sentences. Split it into two or three sentences, or make a list.\n\nSentences end at \
             `.`, `!` or `?` after a word, at a blank line and at each list item; dots inside words \
             (3.5, example.org) and abbreviations (e.g., U.S., Dr.) do not end a sentence.",
            "[nodes.ask]\ntype = \"info\"\ntext = \"\"\"Before you call your plan you should find your member card and the letter \
             you got and a list of the medicines you tried with the dates and the doses and what \
             happened with each one.\"\"\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntext = \"\"\"Before you call your plan, get these ready:\n\n- your member card\n\
             - the letter you got\n- a list of the medicines you tried, with dates, doses and results\"\"\"\nnext = \"done\"\n",
            Append,
        ),
        C::HardReading => e(
            code,
            "A text of 40 words or more reads well above the guide's `target_grade` (8 when not \
             set) by the Flesch–Kincaid grade, which grows with long sentences and long words. Use \
             shorter sentences and everyday words, and explain unavoidable terms in the [glossary]. \
             Short texts are not graded, because a grade of a few words means little.",
            "[nodes.ask]\ntype = \"info\"\ntext = \"\"\"Administrative determinations regarding reimbursement eligibility \
             necessitate comprehensive documentation. Beneficiaries experiencing adverse \
             determinations should immediately initiate organizational reconsideration procedures. \
             Supplementary clinical documentation substantiating medical necessity considerably \
             strengthens subsequent appeals. Additional independent evaluation remains \
             available afterwards. Organizational responsibilities regarding documentation \
             necessitate considerable administrative coordination.\"\"\"\nnext = \"done\"\n",
            "[nodes.ask]\ntype = \"info\"\ntext = \"\"\"Your plan decides what it pays for. It needs papers to decide. If it \
             says no, you can ask it to look again. A letter from your doctor helps. Ask for it \
             soon. If the plan still says no, someone outside the plan can look at your case. It \
             does not cost you anything.\"\"\"\nnext = \"done\"\n",
            Append,
        ),
        C::Uncited => e(
            code,
            "In a guide whose [[guide.sources]] have ids, every checklist item and compare row \
             should name the sources behind it with sources = [\"ID\"], so a person can see what \
             each claim stands on, and exports can list just the sources behind their checklist, \
             numbered from each item. A compare row counts as cited when the row or one of its \
             cells has `sources`.\n\nGuides whose sources have no ids are not checked, so older \
             guides stay quiet until they start citing.",
            "[[guide.sources]]\nid = \"cms-abn\"\ntitle = \"CMS: the Advance Beneficiary Notice\"\n\
             url = \"https://www.cms.gov/\"\n\n[sections.call]\ntitle = \"Call\"\n\n\
             [checklist.ask_abn]\nsection = \"call\"\ntext = \"Ask for the notice before the visit.\"\n",
            "[[guide.sources]]\nid = \"cms-abn\"\ntitle = \"CMS: the Advance Beneficiary Notice\"\n\
             url = \"https://www.cms.gov/\"\n\n[sections.call]\ntitle = \"Call\"\n\n\
             [checklist.ask_abn]\nsection = \"call\"\ntext = \"Ask for the notice before the visit.\"\n\
             sources = [\"cms-abn\"]\n",
            Append,
        ),
        C::PrivateInChecklist => e(
            code,
            "A checklist item's `text` or `details` fills in {var} from a question marked \
             private = true. Saved checklists leave private answers out of \"Your answers\" unless \
             the person chooses to include them, but this item would print the answer anyway, in \
             every export. Word the item without the answer, or give it a `when` so it appears \
             only for the answers it fits.",
            "[nodes.diagnosis]\ntype = \"text\"\nvar = \"diagnosis\"\nprivate = true\nnext = \"done\"\n\n\
             [sections.talk]\ntitle = \"Talk to your doctor\"\n\n[checklist.mention]\nsection = \"talk\"\n\
             text = \"Tell the doctor about your {diagnosis}.\"\n",
            "[nodes.diagnosis]\ntype = \"text\"\nvar = \"diagnosis\"\nprivate = true\nnext = \"done\"\n\n\
             [sections.talk]\ntitle = \"Talk to your doctor\"\n\n[checklist.mention]\nsection = \"talk\"\n\
             text = \"Tell the doctor about any diagnosis you have.\"\n",
            Append,
        ),
    }
}

/// Parts of the format that take more than one message to understand, explained by name
/// (`guidepost explain private`).
pub const TOPICS: &[(&str, &str)] = &[
    (
        "private",
        "Private questions

A question with private = true asks for something people may not want on paper: a diagnosis,
a medicine, money trouble. The walk uses the answer as any other: conditions, branches and
checklist items read it. What changes is what is saved and shared:

- Saved and exported checklists leave private answers out of \"Your answers\", and say how many
  were left out. The person can include them: in the save dialog (Ctrl-P), or with
  --include-private on `guidepost run` and `guidepost export`.
- The session saved on this computer keeps every answer, so the walk can resume.
- A checklist item may depend on a private answer with `when`, but its text should not print
  it: `{diagnosis}` in an item's text or details is warning W0111, because the item would show
  the answer in every export.

Example:

  [nodes.diagnosis]
  type = \"choice\"
  title = \"What the treatment is for\"
  var = \"diagnosis\"
  private = true
  next = \"done\"
  options = [ { value = \"depression\", label = \"Depression\" }, { value = \"other\", label = \"Something else\" } ]

  [checklist.ask_records]
  section = \"call\"
  text = \"Ask your doctor for the records your plan needs.\"
  when = 'diagnosis == \"depression\"'

docs/guide-format.md (Private answers) is the reference; docs/authoring.md step 8 shows one in
a guide.
",
    ),
    (
        "optional",
        "Optional questions

A question with optional = true may be left unanswered: in the full screen with Enter on an
empty box, or the x key on a choice; in plain mode with Enter or `skip`; in a [[tests]] scenario
or an answers file by leaving it out. A skipped choice goes to the node's `next`, so an optional
choice must have one (E0202).

An unanswered question makes conditions that compare it false, and `{name}` in text shows
\"(not answered)\": write `{name|or:…}` with the words to show instead (W0112 finds the places).
",
    ),
];
