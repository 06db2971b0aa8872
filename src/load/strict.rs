//! Text fields that must be text. YAML reads a bare `~`, `12`, `true` or `2023-05-19 ` as null,
//! a number or a boolean, and serde would quietly turn most of them into the string `"~"`,
//! `"12"`, `"true"`: a translation `~` would be published as the English. Fields that hold
//! words use these functions (`#[serde(deserialize_with = …)]`), which take a YAML string
//! only, and not a blank one, and report anything else at its place in the file.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// A non-blank YAML string.
struct Text(String);

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text (put it in quotes if it is meant to read `~`, a number or `true`)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        check(v)?;
        Ok(Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        check(&v)?;
        Ok(Text(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Err(E::invalid_type(
            de::Unexpected::Other("null (`~` or nothing)"),
            &self,
        ))
    }

    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        self.visit_unit()
    }
}

/// A text must have words, and no hidden control character written as an escape (`"\0"`,
/// `"\e"`, `"\u202E"`): line ends and tabs aside, the file check cannot see those.
fn check<E: de::Error>(v: &str) -> Result<(), E> {
    if v.trim().is_empty() {
        return Err(E::custom(
            "the text is empty: write the words, or leave the field out",
        ));
    }
    if let Some(c) = v
        .chars()
        .find(|&c| crate::diag::is_hidden_control(c) && c != '\n' && c != '\t')
    {
        return Err(E::custom(format!(
            "the text holds the hidden character {}, written as an escape: delete it",
            crate::diag::control_name(c)
        )));
    }
    Ok(())
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

/// A required text field.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Text::deserialize(d).map(|t| t.0)
}

/// An optional text field: absent is `None`; present, it must be text (use with
/// `#[serde(default)]`).
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Text::deserialize(d).map(|t| Some(t.0))
}

/// A list of texts.
pub fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Vec::<Text>::deserialize(d).map(|v| v.into_iter().map(|t| t.0).collect())
}

/// A map of keys to texts, each key once: YAML would let a second `para_1:` quietly replace
/// the first.
pub fn text_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    struct MapVisitor;

    impl<'de> Visitor<'de> for MapVisitor {
        type Value = BTreeMap<String, String>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of ids to texts")
        }

        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(de::Error::custom(format!(
                        "duplicate entry with key \"{key}\""
                    )));
                }
                let Text(value) = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }

    d.deserialize_map(MapVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Fields {
        #[serde(deserialize_with = "text")]
        title: String,
        #[serde(default, deserialize_with = "opt_text")]
        subtitle: Option<String>,
        #[serde(default, deserialize_with = "text_map")]
        units: BTreeMap<String, String>,
    }

    fn parse(yaml: &str) -> Result<Fields, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn words_and_quoted_scalars_are_text() {
        let f = parse("title: Joint Declaration\nsubtitle: \"12\"\nunits:\n  a: '~'\n").unwrap();
        assert_eq!(f.title, "Joint Declaration");
        assert_eq!(f.subtitle.as_deref(), Some("12"));
        assert_eq!(f.units["a"], "~");
        assert_eq!(parse("title: T\n").unwrap().subtitle, None);
    }

    #[test]
    fn null_numbers_booleans_lists_and_blanks_are_refused_at_their_place() {
        for (yaml, want) in [
            ("title: ~\n", "null"),
            ("title:\n", "null"),
            ("title: 12\n", "integer `12`"),
            ("title: 1.5\n", "floating point `1.5`"),
            ("title: true\n", "boolean `true`"),
            ("title: [a]\n", "sequence"),
            ("title: \"  \"\n", "the text is empty"),
            ("title: T\nsubtitle: ~\n", "null"),
            ("title: T\nunits:\n  a: 3\n", "integer `3`"),
            ("title: \"a\\0b\"\n", "U+0000 (NUL)"),
            ("title: \"a\\u202Eb\"\n", "U+202E"),
        ] {
            let e = parse(yaml).unwrap_err();
            assert!(e.contains(want), "{yaml:?}: {e}");
        }
        let e = parse("title: T\nunits:\n  a: ok\n  b: 7\n").unwrap_err();
        assert!(e.contains("line 4 column 6"), "{e}");
        let e = parse("title: T\nunits:\n  a: one\n  b: two\n  a: three\n").unwrap_err();
        assert!(e.contains("duplicate entry with key \"a\""), "{e}");
    }
}
