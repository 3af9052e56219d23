//! How a change line's fields are declared once. `format.rs` lists them, as two struct
//! definitions handed to [`change_line!`], which makes from that one list: the structs, their
//! JSON writing (in the listed order, leaving out empty fields) and reading (serde_json's
//! rules: unknown fields ignored, duplicates and missing required fields refused), the owned
//! copy, and the field table the fast reader (`scan.rs`) cuts lines with. Adding a field is one
//! line in that list; what a field's type means on a line is its [`FieldValue`] below.

use super::op::Op;
use serde::Deserialize;
use std::borrow::Cow;
use std::marker::PhantomData;

/// What a change field's type means on a journal line.
pub trait FieldValue<'a>: Sized {
    /// Every line must have it (else it is not a change).
    const REQUIRED: bool;
    /// The value when the line lacks the field.
    const EMPTY: Self;
    /// The same value owning its strings.
    type Owned;
    fn into_owned(self) -> Self::Owned;
    /// Left off the line when writing (an optional field with nothing in it).
    fn is_absent(&self) -> bool;
    /// The value of a plain JSON string (no escapes), borrowed; `None` when the field is not
    /// a string, which the fast reader leaves to serde_json.
    fn from_plain(s: &'a str) -> Option<Self>;
    /// The value of a JSON `true` or `false`; `None` when the field is not a boolean.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// Reads the value (serde_json's path), borrowing strings without escapes.
    fn read<'de: 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// A string borrowed from the input when it has no escapes (serde borrows a bare `Cow<str>`
/// field on request, never one inside an `Option`).
#[derive(Deserialize)]
struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);

/// A required string: `id`, `at`, `by`.
impl<'a> FieldValue<'a> for Cow<'a, str> {
    const REQUIRED: bool = true;
    const EMPTY: Self = Cow::Borrowed("");
    type Owned = Cow<'static, str>;
    fn into_owned(self) -> Cow<'static, str> {
        Cow::Owned(Cow::into_owned(self))
    }
    fn is_absent(&self) -> bool {
        false
    }
    fn from_plain(s: &'a str) -> Option<Self> {
        Some(Cow::Borrowed(s))
    }
    fn read<'de: 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Borrowed::deserialize(d)?.0)
    }
}

/// The op: required, a string.
impl<'a> FieldValue<'a> for Op {
    const REQUIRED: bool = true;
    const EMPTY: Self = Op::Unknown(String::new());
    type Owned = Op;
    fn into_owned(self) -> Op {
        self
    }
    fn is_absent(&self) -> bool {
        false
    }
    fn from_plain(s: &'a str) -> Option<Self> {
        Some(Op::parse(s))
    }
    fn read<'de: 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Op::parse(&Borrowed::deserialize(d)?.0))
    }
}

/// An optional string: absent, or `null`, is `None`.
impl<'a> FieldValue<'a> for Option<Cow<'a, str>> {
    const REQUIRED: bool = false;
    const EMPTY: Self = None;
    type Owned = Option<Cow<'static, str>>;
    fn into_owned(self) -> Self::Owned {
        self.map(FieldValue::into_owned)
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    fn from_plain(s: &'a str) -> Option<Self> {
        Some(Some(Cow::Borrowed(s)))
    }
    fn read<'de: 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<Borrowed<'a>>::deserialize(d)?.map(|b| b.0))
    }
}

/// A flag: written only when true.
impl<'a> FieldValue<'a> for bool {
    const REQUIRED: bool = false;
    const EMPTY: Self = false;
    type Owned = bool;
    fn into_owned(self) -> bool {
        self
    }
    fn is_absent(&self) -> bool {
        !*self
    }
    fn from_plain(_: &'a str) -> Option<Self> {
        None
    }
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
    fn read<'de: 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        bool::deserialize(d)
    }
}

/// A list of strings: written only when not empty.
impl<'a> FieldValue<'a> for Vec<String> {
    const REQUIRED: bool = false;
    const EMPTY: Self = Vec::new();
    type Owned = Vec<String>;
    fn into_owned(self) -> Vec<String> {
        self
    }
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
    fn from_plain(_: &'a str) -> Option<Self> {
        None
    }
    fn read<'de: 'a, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(d)
    }
}

/// Reads one field's value from a JSON object ([`FieldValue::read`]).
pub struct Seed<'a, T>(PhantomData<(&'a (), T)>);

impl<T> Seed<'_, T> {
    pub fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<'de: 'a, 'a, T: FieldValue<'a>> serde::de::DeserializeSeed<'de> for Seed<'a, T> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(d)
    }
}

/// Makes a change line's types and their reading and writing from the two structs' fields
/// (see the module documentation). The second struct's fields are boxed in the first's `more`.
macro_rules! change_line {
    (
        $(#[$change_doc:meta])*
        pub struct $Change:ident<$lt:lifetime> {
            $( $(#[$c_doc:meta])* pub $c:ident: $c_ty:ty, )*
        }
        $(#[$extras_doc:meta])*
        pub struct $Extras:ident<$lt2:lifetime> {
            $( $(#[$m_doc:meta])* pub $m:ident: $m_ty:ty, )*
        }
    ) => {
        $(#[$change_doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $Change<$lt> {
            $( $(#[$c_doc])* pub $c: $c_ty, )*
            /// The fields of the few ops that use them (the struct below); `None` when the
            /// change has none of them.
            pub more: Option<Box<$Extras<$lt>>>,
        }

        $(#[$extras_doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $Extras<$lt2> {
            $( $(#[$m_doc])* pub $m: $m_ty, )*
        }

        impl<$lt2> $Extras<$lt2> {
            /// Every field empty.
            pub const EMPTY: $Extras<$lt2> = $Extras {
                $( $m: <$m_ty as $crate::journal::fields::FieldValue<$lt2>>::EMPTY, )*
            };
        }

        impl<$lt> $Change<$lt> {
            /// The fields every line must have, one bit each ([`Field::bit`]).
            pub(super) const REQUIRED: u32 = 0 $(
                | if <$c_ty as $crate::journal::fields::FieldValue<$lt>>::REQUIRED {
                    1 << Field::$c as u32
                } else {
                    0
                }
            )*;

            /// The same change owning its strings (free of the buffer it was read from).
            pub fn into_owned(self) -> $Change<'static> {
                use $crate::journal::fields::FieldValue;
                $Change {
                    $( $c: FieldValue::into_owned(self.$c), )*
                    more: self.more.map(|m| {
                        let m = *m;
                        Box::new($Extras { $( $m: FieldValue::into_owned(m.$m), )* })
                    }),
                }
            }
        }

        /// The line: its fields in the order listed, empty ones left out.
        impl serde::Serialize for $Change<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                use $crate::journal::fields::FieldValue;
                let more = self.more();
                let mut map = s.serialize_map(None)?;
                $( if !FieldValue::is_absent(&self.$c) {
                    map.serialize_entry(stringify!($c), &self.$c)?;
                } )*
                $( if !FieldValue::is_absent(&more.$m) {
                    map.serialize_entry(stringify!($m), &more.$m)?;
                } )*
                map.end()
            }
        }

        /// Reads a line as serde_json reads any struct: unknown fields are ignored, a field
        /// given twice or a required one missing is an error.
        impl<'de: $lt, $lt> serde::Deserialize<'de> for $Change<$lt> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Visit<$lt>(std::marker::PhantomData<$Change<$lt>>);
                impl<'de: $lt, $lt> serde::de::Visitor<'de> for Visit<$lt> {
                    type Value = $Change<$lt>;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a journal change (a JSON object)")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        use serde::de::Error;
                        use $crate::journal::fields::Seed;
                        let mut change = $Change::default();
                        let mut seen = 0u32;
                        while let Some(key) = map.next_key::<Key>()? {
                            let Some(field) = key.0 else {
                                map.next_value::<serde::de::IgnoredAny>()?;
                                continue;
                            };
                            if seen & field.bit() != 0 {
                                return Err(A::Error::duplicate_field(field.name()));
                            }
                            seen |= field.bit();
                            match field {
                                $( Field::$c => change.$c = map.next_value_seed(Seed::new())?, )*
                                $( Field::$m => change.more_mut().$m = map.next_value_seed(Seed::new())?, )*
                            }
                        }
                        if let Some(f) = Field::ALL
                            .iter()
                            .find(|f| $Change::REQUIRED & !seen & f.bit() != 0)
                        {
                            return Err(A::Error::missing_field(f.name()));
                        }
                        if change.more.as_deref() == Some(&$Extras::EMPTY) {
                            change.more = None; // an optional field given as `null`
                        }
                        Ok(change)
                    }
                }
                let visit = Visit(std::marker::PhantomData);
                d.deserialize_struct(stringify!($Change), Field::NAMES, visit)
            }
        }

        /// The fields of a change line, in the order they are written.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(super) enum Field {
            $( $c, )*
            $( $m, )*
        }

        impl Field {
            pub(super) const ALL: &[Field] = &[$( Field::$c, )* $( Field::$m, )*];
            /// Their JSON names.
            pub(super) const NAMES: &[&str] = &[$( stringify!($c), )* $( stringify!($m), )*];
            /// How each key is written on a line the tool writes: `"name":`.
            pub(super) const KEYS: &[&str] = &[
                $( concat!("\"", stringify!($c), "\":"), )*
                $( concat!("\"", stringify!($m), "\":"), )*
            ];

            /// The field named `key`; `None` for one this version does not know (ignored).
            #[inline]
            pub(super) fn of(key: &str) -> Option<Field> {
                Some(match key {
                    $( stringify!($c) => Field::$c, )*
                    $( stringify!($m) => Field::$m, )*
                    _ => return None,
                })
            }

            pub(super) fn name(self) -> &'static str {
                Field::NAMES[self as usize]
            }

            /// The field's bit in a set of fields.
            #[inline]
            pub(super) fn bit(self) -> u32 {
                1 << self as u32
            }

            /// Stores a plain string value (the fast reader's); false for a field that does
            /// not hold a string. Always inlined: called with a constant field, it is one store.
            #[inline(always)]
            pub(super) fn set_plain<'v>(self, c: &mut $Change<'v>, value: &'v str) -> bool {
                use $crate::journal::fields::FieldValue;
                match self {
                    $( Field::$c => match FieldValue::from_plain(value) {
                        Some(v) => c.$c = v,
                        None => return false,
                    }, )*
                    $( Field::$m => match FieldValue::from_plain(value) {
                        Some(v) => c.more_mut().$m = v,
                        None => return false,
                    }, )*
                }
                true
            }

            /// Stores a `true` or `false`; false for a field that is not a flag.
            pub(super) fn set_bool(self, c: &mut $Change<'_>, value: bool) -> bool {
                use $crate::journal::fields::FieldValue;
                match self {
                    $( Field::$c => match FieldValue::from_bool(value) {
                        Some(v) => c.$c = v,
                        None => return false,
                    }, )*
                    $( Field::$m => match FieldValue::from_bool(value) {
                        Some(v) => c.more_mut().$m = v,
                        None => return false,
                    }, )*
                }
                true
            }
        }

        /// A field name read from a line (`None`: unknown).
        struct Key(Option<Field>);

        impl<'de> serde::Deserialize<'de> for Key {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
                struct Visit;
                impl serde::de::Visitor<'_> for Visit {
                    type Value = Key;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Key, E> {
                        Ok(Key(Field::of(s)))
                    }
                }
                d.deserialize_identifier(Visit)
            }
        }
    };
}

pub(super) use change_line;
