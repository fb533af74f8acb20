// Draws a DocumentModel (domain/documents/document.ts) as an A4 PDF with pdf-lib: header,
// facts, paragraphs and tables that wrap and continue on the next page with their header
// repeated, a footer with page numbers. Standard fonts, so no font file ships with the
// extension; characters they cannot draw are replaced rather than failing the document.
import { PDFDocument, PDFFont, PDFPage, PageSizes, StandardFonts, rgb } from 'pdf-lib';
import type { DocumentBlock, DocumentModel, TableColumn, TableRow } from '../../domain/documents/document';

const MARGIN = 48;
const FOOTER = 28;
const TEXT = 10;
const SMALL = 8;
/** Table headers: a little smaller, so a column as wide as its figures holds its label. */
const HEADER = 7.5;
const LEADING = 1.3;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.4, 0.4, 0.45);
const RULE = rgb(0.75, 0.75, 0.8);
const SHADE = rgb(0.94, 0.95, 0.97);

interface Fonts {
	regular: PDFFont;
	bold: PDFFont;
}

/** Text the font can draw: unknown characters lose their accents, else become "?". */
function drawable(font: PDFFont, text: string): string {
	const known = new Set(font.getCharacterSet());
	return [...text.replace(/[\u00a0\u202f\u2007]/g, ' ')]
		.map((char) => {
			if (known.has(char.codePointAt(0)!)) return char;
			const plain = char.normalize('NFD').replace(/\p{M}/gu, '');
			return plain && [...plain].every((c) => known.has(c.codePointAt(0)!)) ? plain : '?';
		})
		.join('');
}

/** Lines of at most `width` points; a word longer than a line is cut, after a hyphen if it has one. */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			const candidate = line ? `${line} ${word}` : word;
			if (font.widthOfTextAtSize(candidate, size) <= width) {
				line = candidate;
				continue;
			}
			if (line) lines.push(line);
			line = word;
			while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
				let cut = line.length - 1;
				while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
				// After a hyphen rather than inside a syllable, when there is one in reach.
				const hyphen = line.lastIndexOf('-', cut - 1);
				if (hyphen > 0) cut = hyphen + 1;
				lines.push(line.slice(0, cut));
				line = line.slice(cut);
			}
		}
		lines.push(line);
	}
	return lines;
}

/** Writes top to bottom, opening a new page when the next piece does not fit. */
class Writer {
	page!: PDFPage;
	y = 0;
	readonly pages: PDFPage[] = [];

	constructor(
		readonly pdf: PDFDocument,
		readonly fonts: Fonts,
		readonly model: DocumentModel,
	) {
		this.newPage();
	}

	get width() {
		return this.page.getWidth() - 2 * MARGIN;
	}

	newPage() {
		this.page = this.pdf.addPage(PageSizes.A4);
		this.pages.push(this.page);
		this.y = this.page.getHeight() - MARGIN;
		const { regular } = this.fonts;
		this.text(this.model.issuer, MARGIN, this.y, { size: SMALL, color: MUTED });
		const issued = drawable(regular, this.model.issued);
		this.text(issued, MARGIN + this.width - regular.widthOfTextAtSize(issued, SMALL), this.y, { size: SMALL, color: MUTED });
		this.y -= SMALL * 2;
	}

	/** Room for `height` more points on this page, or a new page. True when a page was added. */
	ensure(height: number): boolean {
		if (this.y - height >= MARGIN + FOOTER) return false;
		this.newPage();
		return true;
	}

	text(text: string, x: number, y: number, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb> } = {}) {
		const font = options.bold ? this.fonts.bold : this.fonts.regular;
		this.page.drawText(drawable(font, text), { x, y, size: options.size ?? TEXT, font, color: options.color ?? INK });
	}

	/** A wrapped paragraph at the full width. */
	paragraph(text: string, options: { size?: number; bold?: boolean; gap?: number } = {}) {
		const size = options.size ?? TEXT;
		const font = options.bold ? this.fonts.bold : this.fonts.regular;
		for (const line of wrap(font, size, drawable(font, text), this.width)) {
			this.ensure(size * LEADING);
			this.y -= size * LEADING;
			this.text(line, MARGIN, this.y, { size, bold: options.bold });
		}
		this.y -= options.gap ?? size * 0.8;
	}
}

function drawFacts(writer: Writer, groups: Extract<DocumentBlock, { type: 'facts' }>['groups']) {
	const columnWidth = writer.width / groups.length;
	const labelWidth = columnWidth * 0.38;
	const heights = groups.map((group) => (group.facts.length + 1) * TEXT * LEADING);
	writer.ensure(Math.max(...heights));
	const top = writer.y;
	groups.forEach((group, index) => {
		const x = MARGIN + index * columnWidth;
		let y = top - TEXT * LEADING;
		writer.text(group.title, x, y, { bold: true });
		for (const [name, value] of group.facts) {
			y -= TEXT * LEADING;
			writer.text(name, x, y, { size: SMALL + 1, color: MUTED });
			const line = wrap(writer.fonts.regular, TEXT, drawable(writer.fonts.regular, value), columnWidth - labelWidth - 8)[0] ?? '';
			writer.text(line, x + labelWidth, y);
		}
	});
	writer.y = top - Math.max(...heights) - TEXT;
}

function drawTable(writer: Writer, columns: TableColumn[], rows: TableRow[]) {
	const share = columns.reduce((sum, column) => sum + column.width, 0);
	const widths = columns.map((column) => (writer.width * column.width) / share);
	const lefts = widths.map((_, index) => MARGIN + widths.slice(0, index).reduce((a, b) => a + b, 0));
	const pad = 3;
	const line = SMALL * LEADING;

	const cell = (text: string, index: number, y: number, bold: boolean, size = SMALL) => {
		const font = bold ? writer.fonts.bold : writer.fonts.regular;
		const width = font.widthOfTextAtSize(drawable(font, text), size);
		const x = columns[index]!.align === 'right' ? lefts[index]! + widths[index]! - pad - width : lefts[index]! + pad;
		writer.text(text, x, y, { size, bold });
	};
	const header = () => {
		const lines = columns.map((column, index) => wrap(writer.fonts.bold, HEADER, drawable(writer.fonts.bold, column.label), widths[index]! - 2 * pad));
		const height = Math.max(...lines.map((l) => l.length)) * line + 2 * pad;
		writer.page.drawRectangle({ x: MARGIN, y: writer.y - height, width: writer.width, height, color: SHADE });
		lines.forEach((labelLines, index) => labelLines.forEach((text, n) => cell(text, index, writer.y - pad - (n + 1) * line + 2, true, HEADER)));
		writer.y -= height;
	};

	writer.ensure(line * 4);
	header();
	for (const row of rows) {
		const bold = row.style === 'total';
		const detail = row.style === 'detail';
		const first = detail
			? wrap(writer.fonts.regular, SMALL, drawable(writer.fonts.regular, row.cells[0] ?? ''), writer.width - 24)
			: wrap(bold ? writer.fonts.bold : writer.fonts.regular, SMALL, drawable(writer.fonts.regular, row.cells[0] ?? ''), widths[0]! - 2 * pad);
		const height = first.length * line + (detail ? 1 : 2 * pad);
		if (writer.ensure(height)) header();
		const top = writer.y - (detail ? 0 : pad);
		if (bold) writer.page.drawLine({ start: { x: MARGIN, y: writer.y }, end: { x: MARGIN + writer.width, y: writer.y }, thickness: 0.8, color: INK });
		first.forEach((text, n) => {
			const y = top - (n + 1) * line + 2;
			if (detail) writer.text(text, MARGIN + 18, y, { size: SMALL, color: MUTED });
			else cell(text, 0, y, bold);
		});
		if (!detail) row.cells.slice(1).forEach((text, index) => cell(text, index + 1, top - line + 2, bold));
		writer.y -= height;
		if (!detail && !bold) writer.page.drawLine({ start: { x: MARGIN, y: writer.y }, end: { x: MARGIN + writer.width, y: writer.y }, thickness: 0.3, color: RULE });
	}
	writer.y -= TEXT;
}

/** The PDF bytes of a document. */
export async function renderDocument(model: DocumentModel): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(model.subtitle ? `${model.title} · ${model.subtitle}` : model.title);
	pdf.setAuthor(model.issuer);
	pdf.setCreator(model.issuer);
	pdf.setProducer(model.issuer);
	pdf.setLanguage(model.language);
	const fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
	const writer = new Writer(pdf, fonts, model);

	writer.paragraph(model.title, { size: 18, bold: true, gap: 2 });
	if (model.subtitle) writer.paragraph(model.subtitle, { size: 12, gap: TEXT });
	for (const block of model.blocks) {
		if (block.type === 'heading') {
			writer.ensure(TEXT * 4);
			writer.paragraph(block.text, { size: 11, bold: true, gap: 4 });
		} else if (block.type === 'paragraph') writer.paragraph(block.text);
		else if (block.type === 'facts') drawFacts(writer, block.groups);
		else drawTable(writer, block.columns, block.rows);
	}

	writer.pages.forEach((page, index) => {
		const footer = drawable(fonts.regular, model.footer.replace('{page}', String(index + 1)).replace('{pages}', String(writer.pages.length)));
		page.drawText(footer, { x: MARGIN, y: MARGIN - 14, size: SMALL, font: fonts.regular, color: MUTED });
	});
	return pdf.save();
}
