#!/usr/bin/env python3
"""Writes the vCard test fixtures in this folder (run it from anywhere; it writes beside itself).

Every name, number and address here is invented. The GBK files are not readable in a diff,
so their text lives here:

  thunderbird-3.0.vcf     vCard 3.0 as Thunderbird and Evolution write it: CRLF, lines folded at 75
                          bytes with a space or a tab (one fold splits a Chinese character's bytes),
                          several TEL with TYPE lists, escaped \\, \\; \\n, an Apple-style item1.TEL group.
  android-2.1-utf8.vcf    vCard 2.1 as Android phones export it: CHARSET=UTF-8 and QUOTED-PRINTABLE
                          names with soft line breaks (= at the end of a line), bare TEL;CELL;PREF params.
  old-phone-2.1-gbk.vcf   vCard 2.1 from an old Chinese phone: CHARSET=GBK quoted-printable names, a
                          soft line break, and a card whose FN is raw GB2312 bytes (CHARSET=GB2312).
  gbk-no-charset.vcf      vCard 2.1 written in GBK with no CHARSET at all.
  google-4.0.vcf          vCard 4.0 as Google Contacts exports it: UTF-8 BOM, LF line ends,
                          TEL;VALUE=uri;TYPE="cell,voice":tel:+86-..., a duplicate number.
  damaged.vcf             good cards around bad ones: text outside a card (line 6), a card with a line
                          that is not a property (line 10), a name with bytes that are not UTF-8
                          (line 15), and a card cut off without END:VCARD (from line 23).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def qp(raw: bytes) -> str:
    """Quoted-printable as phones write it: every non-ASCII byte as =XX."""
    return ''.join(chr(b) if 0x21 <= b <= 0x7E and b != 0x3D else '=%02X' % b for b in raw)


def fold(line: bytes, width=75, lead=b' ') -> bytes:
    """RFC 6350 folding by bytes (so a multi-byte character may be split, as some writers do)."""
    out = [line[:width]]
    rest = line[width:]
    while rest:
        out.append(lead + rest[:width - 1])
        rest = rest[width - 1:]
    return b'\r\n'.join(out)


# --- Thunderbird / Evolution, vCard 3.0 ---------------------------------------------------------------
note = ('备注：这是一段很长的备注，用来测试折行。第一行\\n第二行\\, 含逗号\\; 含分号'
        '，并且超过七十五个字节以便被折行处理。').encode()
fn_long = 'FN:欧阳娜娜（山东示例科技有限公司财务部，负责报销与发票）'.encode()
tb = b'\r\n'.join([
    b'BEGIN:VCARD',
    b'VERSION:3.0',
    b'PRODID:-//Thunderbird//vCard 3.0//EN',
    'FN:张伟'.encode(),
    'N:张;伟;;;'.encode(),
    b'TEL;TYPE=CELL:+86 138-0013-8000',
    b'TEL;TYPE=WORK,VOICE:0531-86678080',
    b'TEL;TYPE=HOME:0086 139 1234 5678',
    b'EMAIL;TYPE=INTERNET:zhang.wei@example.com',
    fold(b'NOTE:' + note),
    b'END:VCARD',
    b'BEGIN:VCARD',
    b'VERSION:3.0',
    fold(fn_long, width=40),                 # the fold falls inside a character's UTF-8 bytes
    'N:欧阳;娜娜;;;'.encode(),
    'ORG:山东示例科技有限公司\\;财务部'.encode(),
    b'TEL;TYPE=cell;TYPE=pref:15012345678',
    b'item1.TEL:+86 (186)\r\n\t0000 1111',    # folded with a tab
    'item1.X-ABLabel:工作手机'.encode(),
    b'END:VCARD',
    b'BEGIN:VCARD',
    b'VERSION:3.0',
    'FN:李娜 (Li Na\\, 财务部)'.encode(),
    'N:李;娜;;;'.encode(),
    b'TEL;TYPE=FAX:0531-8888 9999',
    b'END:VCARD',
    b'',
])
write('thunderbird-3.0.vcf', tb)

# --- Android, vCard 2.1, UTF-8 quoted-printable ------------------------------------------------------
fn2 = qp('欧阳一一（大学同学）'.encode())
cut = fn2.index('=E5=A4=A7') + len('=E5=A4=A7')   # soft line break after 大
android = '\r\n'.join([
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:' + qp('王'.encode()) + ';' + qp('芳'.encode()) + ';;;',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:' + qp('王芳'.encode()),
    'TEL;CELL;PREF:+86 137 0000 2222',
    'TEL;HOME;VOICE:053186678080',
    'TEL;WORK:136-0000-3333',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:' + qp('欧阳'.encode()) + ';' + qp('一一'.encode()) + ';;;',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:' + fn2[:cut] + '=',
    fn2[cut:],
    'TEL;CELL:13511112222',
    'NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline two',
    'END:VCARD',
    '',
]).encode('ascii')
write('android-2.1-utf8.vcf', android)

# --- An old Chinese phone, vCard 2.1, GBK ------------------------------------------------------------
fn3 = qp('赵敏（同事）'.encode('gbk'))
cut3 = len(qp('赵敏'.encode('gbk')))
oldphone = b'\r\n'.join([
    b'BEGIN:VCARD',
    b'VERSION:2.1',
    ('N;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:' + qp('赵'.encode('gbk')) + ';' + qp('敏'.encode('gbk')) + ';;;').encode(),
    ('FN;CHARSET=GBK;ENCODING=QUOTED-PRINTABLE:' + fn3[:cut3] + '=').encode(),
    fn3[cut3:].encode(),
    b'TEL;CELL:+8613812345678',
    b'TEL;VOICE;CELL:0086-159-8765-4321',
    b'END:VCARD',
    b'BEGIN:VCARD',
    b'VERSION:2.1',
    b'FN;CHARSET=GB2312:' + '周杰'.encode('gb2312'),
    b'TEL;CELL:15900001234',
    b'END:VCARD',
    b'',
])
write('old-phone-2.1-gbk.vcf', oldphone)

# --- GBK without any CHARSET -------------------------------------------------------------------------
write('gbk-no-charset.vcf', '\r\n'.join([
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N:刘;德华;;;',
    'FN:刘德华',
    'TEL;CELL:13312345678',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:2.1',
    'FN:黄蓉',
    'TEL;CELL:+86 180 1111 2222',
    'END:VCARD',
    '',
]).encode('gbk'))

# --- Google Contacts, vCard 4.0 ----------------------------------------------------------------------
write('google-4.0.vcf', b'\xef\xbb\xbf' + '\n'.join([
    'BEGIN:VCARD',
    'VERSION:4.0',
    'FN:陈小明',
    'N:陈;小明;;;',
    'TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+86-188-0000-4444',
    'TEL;VALUE=uri;TYPE=work:tel:+86-531-8667-8080',
    'EMAIL:xiaoming@example.com',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:4.0',
    'N:Wang;Lei;;;',
    'TEL;TYPE=cell:+86 177 0000 5555',
    'TEL;TYPE=home,cell:+86-177-0000-5555',
    'END:VCARD',
    '',
]).encode())

# --- Damaged file: bad cards between good ones -------------------------------------------------------
damaged = b'\r\n'.join([
    b'BEGIN:VCARD',                          # 1
    b'VERSION:3.0',                          # 2
    'FN:好人甲'.encode(),                    # 3
    b'TEL;TYPE=CELL:13900001111',            # 4
    b'END:VCARD',                            # 5
    b'this text is outside any card',        # 6
    b'BEGIN:VCARD',                          # 7
    b'VERSION:3.0',                          # 8
    'FN:坏卡'.encode(),                      # 9
    b'this line is not a property',          # 10
    b'TEL:13900002222',                      # 11
    b'END:VCARD',                            # 12
    b'BEGIN:VCARD',                          # 13
    b'VERSION:3.0',                          # 14
    b'FN:Bad\xff\xfe' + '名'.encode(),       # 15
    b'TEL;TYPE=CELL:13900003333',            # 16
    b'END:VCARD',                            # 17
    b'BEGIN:VCARD',                          # 18
    b'VERSION:3.0',                          # 19
    'FN:好人乙'.encode(),                    # 20
    b'TEL;TYPE=CELL:13900004444',            # 21
    b'END:VCARD',                            # 22
])
# A card cut off at the end of the file.
damaged += b'\r\n' + b'\r\n'.join([
    b'BEGIN:VCARD',                          # 23
    b'VERSION:3.0',                          # 24
    'FN:没有结尾'.encode(),                  # 25
    b'TEL:13900005555',                      # 26
])
write('damaged.vcf', damaged)
