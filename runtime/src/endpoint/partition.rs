//! `aws.partition` backed by botocore's `partitions.json`.

use super::EndpointError;
use super::regex::Regex;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

/// Parsed partitions. Each partition's `outputs` object is what the rules see
/// as the partition result (`name`, `dnsSuffix`, `supportsFIPS`, ...).
#[derive(Debug)]
pub(crate) struct Partitions {
    partitions: Vec<Partition>,
    /// One merged copy of the outputs per region that overrides some output.
    overrides: Vec<Map<String, Json>>,
    /// Explicitly listed regions.
    regions: HashMap<String, Listed>,
    /// Index of the `aws` partition, the fallback for unknown regions.
    fallback: usize,
}

#[derive(Debug)]
struct Partition {
    regex: Regex,
    outputs: Map<String, Json>,
}

#[derive(Debug, Clone, Copy)]
enum Listed {
    Partition(usize),
    Override(usize),
}

fn invalid(what: impl Into<String>) -> EndpointError {
    EndpointError::InvalidPartitions(what.into())
}

impl Partitions {
    pub(crate) fn parse(json: &str) -> Result<Partitions, EndpointError> {
        let doc: Json =
            serde_json::from_str(json).map_err(|e| invalid(format!("not JSON: {e}")))?;
        let list = doc
            .get("partitions")
            .and_then(Json::as_array)
            .ok_or_else(|| invalid("missing `partitions` array"))?;
        let mut parsed = Partitions {
            partitions: Vec::with_capacity(list.len()),
            overrides: Vec::new(),
            regions: HashMap::new(),
            fallback: usize::MAX,
        };
        for (index, entry) in list.iter().enumerate() {
            parsed.add(index, entry)?;
        }
        if parsed.fallback == usize::MAX {
            return Err(invalid("no `aws` partition to fall back on"));
        }
        Ok(parsed)
    }

    fn add(&mut self, index: usize, entry: &Json) -> Result<(), EndpointError> {
        let id = entry
            .get("id")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid("partition without `id`"))?;
        let outputs = entry
            .get("outputs")
            .and_then(Json::as_object)
            .ok_or_else(|| invalid(format!("partition `{id}` without `outputs`")))?;
        let pattern = entry
            .get("regionRegex")
            .and_then(Json::as_str)
            .ok_or_else(|| invalid(format!("partition `{id}` without `regionRegex`")))?;
        let regex = Regex::new(pattern).map_err(|e| invalid(format!("partition `{id}`: {e}")))?;
        if id == "aws" {
            self.fallback = index;
        }
        self.partitions.push(Partition {
            regex,
            outputs: outputs.clone(),
        });
        let regions = entry.get("regions").and_then(Json::as_object);
        for (region, overrides) in regions.into_iter().flatten() {
            let slot = self.region_outputs(index, overrides);
            // The first partition listing a region wins, as in botocore.
            self.regions.entry(region.clone()).or_insert(slot);
        }
        Ok(())
    }

    /// A region entry may override outputs (anything but its description);
    /// such a region gets its own merged copy.
    fn region_outputs(&mut self, partition: usize, overrides: &Json) -> Listed {
        let extra: Vec<(&String, &Json)> = overrides
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(key, _)| key.as_str() != "description")
            .collect();
        if extra.is_empty() {
            return Listed::Partition(partition);
        }
        let mut merged = self.partitions[partition].outputs.clone();
        for (key, value) in extra {
            merged.insert(key.clone(), value.clone());
        }
        self.overrides.push(merged);
        Listed::Override(self.overrides.len() - 1)
    }

    /// The partition outputs for `region`: an explicitly listed region first,
    /// then the first `regionRegex` that matches, then the `aws` partition.
    pub(crate) fn lookup(&self, region: &str) -> &Map<String, Json> {
        let listed = self.regions.get(region).copied().unwrap_or_else(|| {
            let index = self
                .partitions
                .iter()
                .position(|p| p.regex.is_match(region));
            Listed::Partition(index.unwrap_or(self.fallback))
        });
        match listed {
            Listed::Partition(i) => &self.partitions[i].outputs,
            Listed::Override(i) => &self.overrides[i],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"partitions": [
        {"id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$",
         "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "supportsFIPS": true},
         "regions": {"us-east-1": {"description": "N. Virginia"},
                     "aws-global": {"description": "global", "supportsFIPS": false}}},
        {"id": "aws-cn", "regionRegex": "^cn\\-\\w+\\-\\d+$",
         "outputs": {"name": "aws-cn", "dnsSuffix": "amazonaws.com.cn", "supportsFIPS": true},
         "regions": {"aws-cn-global": {}}}
    ]}"#;

    fn name<'a>(p: &'a Partitions, region: &str) -> &'a str {
        p.lookup(region)["name"].as_str().unwrap()
    }

    #[test]
    fn explicit_regex_then_fallback() {
        let p = Partitions::parse(DOC).unwrap();
        assert_eq!(name(&p, "us-east-1"), "aws");
        assert_eq!(name(&p, "aws-cn-global"), "aws-cn");
        assert_eq!(name(&p, "cn-north-9"), "aws-cn");
        assert_eq!(name(&p, "eu-west-7"), "aws");
        assert_eq!(name(&p, "mars-global"), "aws");
        assert_eq!(name(&p, ""), "aws");
    }

    #[test]
    fn region_overrides_are_merged() {
        let p = Partitions::parse(DOC).unwrap();
        assert_eq!(p.lookup("aws-global")["supportsFIPS"], Json::Bool(false));
        assert_eq!(p.lookup("aws-global")["dnsSuffix"], "amazonaws.com");
        assert_eq!(p.lookup("us-east-1")["supportsFIPS"], Json::Bool(true));
    }

    #[test]
    fn bad_documents_are_errors() {
        assert!(Partitions::parse("[").is_err());
        assert!(Partitions::parse(r#"{"partitions": []}"#).is_err());
        let bad_regex = r#"{"partitions": [{"id": "aws", "regionRegex": "(?=x)", "outputs": {}}]}"#;
        assert!(Partitions::parse(bad_regex).is_err());
    }
}
