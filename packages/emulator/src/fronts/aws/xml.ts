/**
 * A value the XML writer renders: scalars as text, objects as child elements in key order, arrays
 * as a list of `item` (EC2) or `member` (Query APIs) elements. `undefined` and `null` are left out.
 */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlFields | readonly XmlValue[];

/** Child elements by name, in document order. */
export interface XmlFields {
  readonly [name: string]: XmlValue;
}

const escapes: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Escapes text content (the writer puts no values in attributes). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => escapes[c] ?? c);
}

function text(value: string | number | boolean | Date): string {
  return escapeXml(value instanceof Date ? value.toISOString() : String(value));
}

function isList(value: XmlValue): value is readonly XmlValue[] {
  return Array.isArray(value);
}

/** One element; lists render their entries as `<itemName>` children, an empty list as `<name/>`. */
export function xmlElement(name: string, value: XmlValue, itemName: string): string {
  if (value === undefined || value === null) return "";
  if (isList(value)) {
    const items = value.map((v) => xmlElement(itemName, v, itemName)).join("");
    return items === "" ? `<${name}/>` : `<${name}>${items}</${name}>`;
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    return `<${name}>${xmlChildren(value, itemName)}</${name}>`;
  }
  return `<${name}>${text(value)}</${name}>`;
}

/** The children of an element, without the element itself. */
export function xmlChildren(fields: XmlFields, itemName: string): string {
  return Object.entries(fields)
    .map(([name, v]) => xmlElement(name, v, itemName))
    .join("");
}

/** A whole document: declaration plus one root element carrying a default namespace. */
export function xmlDocument(root: string, namespace: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${body}</${root}>`;
}
