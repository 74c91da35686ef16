/**
 * apimachinery's label selector lexer and parser (pkg/labels/selector.go), ported token for token
 * so malformed `-l` selectors fail with the same messages kubectl users see on a real cluster.
 */

/** One parsed requirement of a label selector (apimachinery labels.Requirement). */
export interface LabelRequirement {
  key: string;
  op: "exists" | "!exists" | "=" | "!=" | "in" | "notin" | ">" | "<";
  values: string[];
}

type Tok = "error" | "eos" | ")" | "," | "!" | "==" | "=" | ">" | "id" | "in" | "<" | "!=" | "notin" | "(";

const STRING_TO_TOKEN: Record<string, Tok> = {
  ")": ")",
  ",": ",",
  "!": "!",
  "==": "==",
  "=": "=",
  ">": ">",
  in: "in",
  "<": "<",
  "!=": "!=",
  notin: "notin",
  "(": "(",
};
const isWhitespace = (ch: string) => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecial = (ch: string) => "=!(),><".includes(ch) && ch !== "";

function lex(s: string): { tok: Tok; lit: string }[] {
  let pos = 0;
  const read = () => (pos < s.length ? s[pos++]! : "");
  const out: { tok: Tok; lit: string }[] = [];
  for (;;) {
    let ch = read();
    while (ch !== "" && isWhitespace(ch)) ch = read();
    if (ch === "") {
      out.push({ tok: "eos", lit: "" });
      return out;
    }
    pos--;
    if (isSpecial(ch)) {
      let buf = "";
      let last: { tok: Tok; lit: string } | undefined;
      for (;;) {
        const c = read();
        if (c === "") break;
        if (isSpecial(c)) {
          buf += c;
          const t = STRING_TO_TOKEN[buf];
          if (t) last = { tok: t, lit: buf };
          else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      out.push(last ?? { tok: "error", lit: `error expected: keyword found '${buf}'` });
    } else {
      let buf = "";
      for (;;) {
        const c = read();
        if (c === "") break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buf += c;
      }
      out.push({ tok: STRING_TO_TOKEN[buf] ?? "id", lit: buf });
    }
  }
}

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelKeyErrors(k: string): string[] {
  const slash = k.split("/");
  let name = k;
  const errs: string[] = [];
  if (slash.length > 2)
    return [
      "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  if (slash.length === 2) {
    const prefix = slash[0]!;
    name = slash[1]!;
    if (!prefix) errs.push("prefix part must be non-empty");
    else if (!DNS1123_SUBDOMAIN.test(prefix))
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
  }
  if (!name) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  else if (!QUALIFIED_NAME_PART.test(name))
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  return errs;
}

function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push("must be no more than 63 characters");
  if (!LABEL_VALUE.test(v))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  return errs;
}

class SelectorError extends Error {}

const goStrings = (vals: string[]) => JSON.stringify(vals);

function newRequirement(key: string, op: LabelRequirement["op"], vals: string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = labelKeyErrors(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join("; ")}`);
  if ((op === "in" || op === "notin") && vals.length === 0)
    errs.push(`values: Invalid value: ${goStrings(vals)}: for 'in', 'notin' operators, values set can't be empty`);
  if (op === ">" || op === "<") {
    vals.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v))
        errs.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  vals.forEach((v, i) => {
    const ve = labelValueErrors(v);
    if (ve.length) errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${ve.join("; ")}`);
  });
  if (errs.length) throw new SelectorError(errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`);
  return { key, op, values: vals };
}

/** Parses like labels.Parse; throws an Error with the real message on bad input. */
export function parseLabelSelectorString(selector: string): LabelRequirement[] {
  const items = lex(selector);
  let p = 0;
  const asValue = (t: Tok): Tok => (t === "in" || t === "notin" ? "id" : t);
  const lookahead = (values: boolean) => ({ tok: values ? asValue(items[p]!.tok) : items[p]!.tok, lit: items[p]!.lit });
  const consume = (values: boolean) => {
    p++;
    return { tok: values ? asValue(items[p - 1]!.tok) : items[p - 1]!.tok, lit: items[p - 1]!.lit };
  };

  const parseExactValue = (): string[] => {
    const { tok } = lookahead(true);
    if (tok === "eos" || tok === ",") return [""];
    const c = consume(true);
    if (c.tok === "id") return [c.lit];
    throw new SelectorError(`found '${c.lit}', expected: identifier`);
  };
  const parseIdentifiersList = (): Set<string> => {
    const s = new Set<string>();
    for (;;) {
      const c = consume(true);
      if (c.tok === "id") {
        s.add(c.lit);
        const n = lookahead(true);
        if (n.tok === ",") continue;
        if (n.tok === ")") return s;
        throw new SelectorError(`found '${n.lit}', expected: ',' or ')'`);
      } else if (c.tok === ",") {
        if (s.size === 0) s.add("");
        const n = lookahead(true);
        if (n.tok === ")") {
          s.add("");
          return s;
        }
        if (n.tok === ",") s.add("");
      } else throw new SelectorError(`found '${c.lit}', expected: ',', or identifier`);
    }
  };
  const parseValues = (): string[] => {
    const c = consume(true);
    if (c.tok !== "(") throw new SelectorError(`found '${c.lit}' expected: '('`);
    const n = lookahead(true);
    if (n.tok === "id" || n.tok === ",") {
      const s = parseIdentifiersList();
      if (consume(true).tok !== ")") throw new SelectorError(`found '${n.lit}', expected: ')'`);
      return [...s].sort();
    }
    if (n.tok === ")") {
      consume(true);
      return [""];
    }
    throw new SelectorError(`found '${n.lit}', expected: ',', ')' or identifier`);
  };
  const parseRequirement = (): LabelRequirement => {
    let c = consume(true);
    let op: LabelRequirement["op"] | undefined;
    if (c.tok === "!") {
      op = "!exists";
      c = consume(true);
    }
    if (c.tok !== "id") throw new SelectorError(`found '${c.lit}', expected: identifier`);
    const key = c.lit;
    const keyErrs = labelKeyErrors(key);
    // The parser has no field path here, and Go prints the nil path as "<nil>".
    if (keyErrs.length) throw new SelectorError(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join("; ")}`);
    const n = lookahead(true);
    if (n.tok === "eos" || n.tok === ",") return newRequirement(key, op ?? "exists", []);
    if (op === "!exists") return newRequirement(key, op, []);
    const o = consume(false);
    const OPS: Partial<Record<Tok, LabelRequirement["op"]>> = {
      in: "in",
      "=": "=",
      "==": "=",
      ">": ">",
      "<": "<",
      notin: "notin",
      "!=": "!=",
    };
    const operator = OPS[o.tok];
    if (!operator) throw new SelectorError(`found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = operator === "in" || operator === "notin" ? parseValues() : parseExactValue();
    return newRequirement(key, operator, values);
  };

  const reqs: LabelRequirement[] = [];
  for (;;) {
    const { tok, lit } = lookahead(true);
    if (tok === "id" || tok === "!") {
      try {
        reqs.push(parseRequirement());
      } catch (e) {
        throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
      }
      const t = consume(true);
      if (t.tok === "eos") return reqs;
      if (t.tok === ",") {
        const t2 = lookahead(true);
        if (t2.tok !== "id" && t2.tok !== "!") throw new SelectorError(`found '${t2.lit}', expected: identifier after ','`);
      } else throw new SelectorError(`found '${t.lit}', expected: ',' or 'end of string'`);
    } else if (tok === "eos") return reqs;
    else throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
  }
}
