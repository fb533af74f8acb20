// What a client document says, independent of how it is drawn: a header, blocks of labelled
// facts, paragraphs and tables. The decision letter and the policy schedule are both built as
// one of these; data/documents/pdf.ts draws any of them.

export interface TableColumn {
	label: string;
	/** Share of the table's width. */
	width: number;
	align?: 'left' | 'right';
}

export interface TableRow {
	cells: string[];
	/** total: bold, ruled above; detail: one indented text under the row before it. */
	style?: 'normal' | 'total' | 'detail';
}

export type DocumentBlock =
	| { type: 'heading'; text: string }
	| { type: 'paragraph'; text: string }
	/** Labelled facts side by side: parties, numbers, dates. */
	| { type: 'facts'; groups: { title: string; facts: [label: string, value: string][] }[] }
	| { type: 'table'; columns: TableColumn[]; rows: TableRow[] };

export interface DocumentModel {
	/** PDF metadata and the first line of the header. */
	title: string;
	subtitle?: string;
	/** Who issues it, at the top left; the date at the top right. */
	issuer: string;
	issued: string;
	language: string;
	blocks: DocumentBlock[];
	/** Footer of each page; {page} and {pages} are filled in. */
	footer: string;
}
