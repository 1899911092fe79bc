/** The npm `ahocorasick` package ships no types; this is the part the benchmark uses. */
declare module 'ahocorasick' {
  export default class AhoCorasick {
    constructor(keywords: readonly string[]);
    /** [end index, keywords ending there] for every position where some keyword ends. */
    search(text: string): Array<[number, string[]]>;
  }
}
