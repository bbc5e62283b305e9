#!/usr/bin/env python3
# Lists the longest functions in Rust sources (house rule: none in src/ over 100 lines).
# Usage: python3 tools/fnlen.py [DIR...]  (TOP=N for more rows)
"""Function lengths in Rust sources: from the `fn` line to its closing brace, inclusive.
Strings, chars, raw strings and comments are skipped when matching braces."""
import re, sys, os
FN = re.compile(r'^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)')
def strip(src):
    out=[];i=0;n=len(src)
    while i<n:
        c=src[i]
        if src.startswith('//',i):
            j=src.find('\n',i); j=n if j<0 else j; out.append(' '*(j-i)); i=j; continue
        if src.startswith('/*',i):
            j=src.find('*/',i+2); j=n if j<0 else j+2; out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        m=re.match(r'b?r(#*)"',src[i:i+10])
        if m and (i==0 or not (src[i-1].isalnum() or src[i-1]=='_')):
            end='"'+m.group(1); j=src.find(end,i+m.end()); j=n if j<0 else j+len(end)
            out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        if c=='"':
            j=i+1
            while j<n and src[j]!='"':
                j+= 2 if src[j]=='\\' else 1
            j+=1; out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        if c=="'":
            m=re.match(r"'(\\.[^']*|[^\\'])'",src[i:i+12])
            if m: out.append(' '*m.end()); i+=m.end(); continue
        out.append(c); i+=1
    return ''.join(out)
res=[]
for root in sys.argv[1:] or ['src']:
    for dp,_,fs in os.walk(root):
        for f in fs:
            if not f.endswith('.rs'): continue
            p=os.path.join(dp,f); s=strip(open(p,encoding='utf-8').read()); lines=s.split('\n')
            offs=[0]
            for l in lines: offs.append(offs[-1]+len(l)+1)
            for ln,l in enumerate(lines):
                m=FN.match(l)
                if not m: continue
                k=offs[ln]+m.end(); depth=0; start=None
                while k<len(s):
                    ch=s[k]
                    if ch==';' and start is None and depth==0: break
                    if ch=='{':
                        depth+=1; start=start if start is not None else k
                    elif ch=='}':
                        depth-=1
                        if depth==0 and start is not None: break
                    k+=1
                if start is None: continue
                endln=s.count('\n',0,k)
                res.append((endln-ln+1,p,ln+1,m.group(1)))
res.sort(reverse=True)
N=int(os.environ.get('TOP','15'))
for r in res[:N]: print(f"{r[0]:5} {r[1]}:{r[2]} {r[3]}")
