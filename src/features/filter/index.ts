// The filter language over feature columns and row fields: `age > 60 and country = "SE"`.
export { FilterSyntaxError, MAX_FILTER_LENGTH, MAX_FILTER_TOKENS, tokenize } from './lexer';
export type { Token, TokenType } from './lexer';
export { MAX_FILTER_DEPTH, MAX_IN_VALUES, parseFilter } from './parser';
export type { CompareOp, FilterAst, Literal, NameRef, NameScope, Operand } from './parser';
export { ROW_FIELDS, compileFilterExpression, matchesRow, rowSubjects } from './evaluate';
export type { CompiledFilter, FilterNames, FilterSubject } from './evaluate';
