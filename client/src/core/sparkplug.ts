/**
 * Sparkplug B as data: which topics carry its protobuf payload, the payload's schema (Eclipse Sparkplug
 * 3.0, §6.4; written here from the specification's field list, parsed by protobufjs) and the names of its
 * data types. Pure: no `vscode`.
 */

/**
 * Topic rules of the Sparkplug namespace, first match wins. STATE (`spBv1.0/STATE/<host>` in Sparkplug 3)
 * is JSON, not protobuf, so it is left to the content; every other message type is a protobuf Payload.
 */
export const SPARKPLUG_TOPICS: readonly { filter: string; sparkplug: boolean }[] = [
  { filter: 'spBv1.0/STATE/#', sparkplug: false },
  ...['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA', 'NCMD', 'DCMD'].map((type) => ({
    filter: `spBv1.0/+/${type}/#`,
    sparkplug: true,
  })),
];

/** The message type every Sparkplug B payload decodes as. */
export const SPARKPLUG_TYPE = 'org.eclipse.tahu.protobuf.Payload';

/** The six scalar members every Sparkplug `value` oneof starts with, numbered from `first`. */
const scalars = (first: number) =>
  [
    'uint32 int_value',
    'uint64 long_value',
    'float float_value',
    'double double_value',
    'bool boolean_value',
    'string string_value',
  ]
    .map((member, i) => `${member} = ${first + i};`)
    .join(' ');

/** The Sparkplug B payload schema (proto2), field numbers as in the specification. */
export const SPARKPLUG_PROTO = `
syntax = "proto2";
package org.eclipse.tahu.protobuf;

message Payload {
  optional uint64 timestamp = 1;
  repeated Metric metrics = 2;
  optional uint64 seq = 3;
  optional string uuid = 4;
  optional bytes body = 5;

  message Metric {
    optional string name = 1;
    optional uint64 alias = 2;
    optional uint64 timestamp = 3;
    optional uint32 datatype = 4;
    optional bool is_historical = 5;
    optional bool is_transient = 6;
    optional bool is_null = 7;
    optional MetaData metadata = 8;
    optional PropertySet properties = 9;
    oneof value {
      ${scalars(10)}
      bytes bytes_value = 16;
      DataSet dataset_value = 17;
      Template template_value = 18;
      Extension extension_value = 19;
    }
  }

  message MetaData {
    optional bool is_multi_part = 1;
    optional string content_type = 2;
    optional uint64 size = 3;
    optional uint64 seq = 4;
    optional string file_name = 5;
    optional string file_type = 6;
    optional string md5 = 7;
    optional string description = 8;
  }

  message PropertyValue {
    optional uint32 type = 1;
    optional bool is_null = 2;
    oneof value {
      ${scalars(3)}
      PropertySet propertyset_value = 9;
      PropertySetList propertysets_value = 10;
      Extension extension_value = 11;
    }
  }

  message PropertySet {
    repeated string keys = 1;
    repeated PropertyValue values = 2;
  }

  message PropertySetList {
    repeated PropertySet propertyset = 1;
  }

  message DataSet {
    optional uint64 num_of_columns = 1;
    repeated string columns = 2;
    repeated uint32 types = 3;
    repeated Row rows = 4;

    message Row {
      repeated DataSetValue elements = 1;
    }

    message DataSetValue {
      oneof value {
        ${scalars(1)}
        Extension extension_value = 7;
      }
    }
  }

  message Template {
    optional string version = 1;
    repeated Metric metrics = 2;
    repeated Parameter parameters = 3;
    optional string template_ref = 4;
    optional bool is_definition = 5;

    message Parameter {
      optional string name = 1;
      optional uint32 type = 2;
      oneof value {
        ${scalars(3)}
        Extension extension_value = 9;
      }
    }
  }

  // The specification leaves extension values open; their fields are skipped.
  message Extension {}
}
`;

/** Sparkplug data types by number (specification §6.4.16). */
const DATATYPES = [
  'Unknown',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
  'String',
  'DateTime',
  'Text',
  'UUID',
  'DataSet',
  'Bytes',
  'File',
  'Template',
  'PropertySet',
  'PropertySetList',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Int64Array',
  'UInt8Array',
  'UInt16Array',
  'UInt32Array',
  'UInt64Array',
  'FloatArray',
  'DoubleArray',
  'BooleanArray',
  'StringArray',
  'DateTimeArray',
];

/** The fields that hold a data type number: Metric.datatype, DataSet.types, PropertyValue.type, Parameter.type. */
const DATATYPE_FIELDS = new Set(['datatype', 'type', 'types']);

const datatypeName = (n: unknown) =>
  typeof n === 'number' && DATATYPES[n] !== undefined ? `${DATATYPES[n]} (${n})` : n;

/** A decoded payload with its data type numbers named (`9` → `"Float (9)"`), in place. */
export function nameDatatypes(value: unknown): unknown {
  if (Array.isArray(value)) value.forEach(nameDatatypes);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, field] of Object.entries(record)) {
      if (!DATATYPE_FIELDS.has(key)) nameDatatypes(field);
      else record[key] = Array.isArray(field) ? field.map(datatypeName) : datatypeName(field);
    }
  }
  return value;
}
